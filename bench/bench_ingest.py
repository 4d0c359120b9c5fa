"""Ingest throughput and peak memory: our pipeline vs a plain LangChain baseline, same embeddings.

* ours: ``assistant.library.ingest.ingest_paths`` on a folder of synthetic reports (bench.synth): parse, chunk,
  jieba tokens, embed, SQLite sidecar + per-section Chroma collections, BM25 rebuild at the end;
* langchain: read each file, ``RecursiveCharacterTextSplitter(chunk_size=300, chunk_overlap=30)``,
  ``langchain_chroma.Chroma.from_documents`` (persistent, same embedder through ``as_langchain``).

Each variant runs in its own subprocess so that peak RSS (ru_maxrss) is its own; ``peak_tree_rss_mb``
adds the parse workers (sampled from /proc by this parent process, outside the measured one: a sampler
thread inside it cost that process ~80 ms of GIL-held work per sample; RSS every 0.2 s, PSS every second,
see TreePeak; RSS double-counts pages the forked worker shares with its parent, ``peak_tree_pss_mb`` splits
them).

Usage: .venv/bin/python -m bench.bench_ingest --n 1000 [--repeat 3] [--embedder static-zh] [--variants ours langchain]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from assistant.core.settings import load_settings


def run_ours(folder: Path, embedder: str) -> dict:
    """Ingest ``folder`` with the pipeline into a fresh data dir."""
    from assistant.library.ingest import ingest_paths

    settings = load_settings(home=Path(tempfile.mkdtemp(prefix="bench_ingest_")), embedder=embedder)
    from vectorstore.embeddings import get_embedder

    get_embedder(settings).embed_query("预热")  # model load is not ingest time
    import chromadb  # noqa: F401  (the import is process start-up, as the baseline's imports are before its clock)

    t = time.perf_counter()
    res = ingest_paths([folder], settings)
    secs = time.perf_counter() - t
    shutil.rmtree(settings.home, ignore_errors=True)
    return {"reports": res.ingested, "failed": len(res.failed), "chunks": res.chunks, "seconds": round(secs, 2)}


def run_langchain(folder: Path, embedder: str) -> dict:
    """The plain LangChain recipe over the same files."""
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from vectorstore.embeddings import as_langchain, get_embedder

    settings = load_settings(home=Path(tempfile.mkdtemp(prefix="bench_lc_")), embedder=embedder)
    emb = as_langchain(get_embedder(settings))
    emb.embed_query("预热")
    t = time.perf_counter()
    files = sorted(folder.glob("*.txt"))
    docs = [Document(page_content=f.read_text(encoding="utf-8"), metadata={"source": str(f)}) for f in files]
    splitter = RecursiveCharacterTextSplitter(chunk_size=300, chunk_overlap=30,
                                              separators=["\n\n", "\n", "。", "；", "，", ""])
    chunks = splitter.split_documents(docs)
    Chroma.from_documents(chunks, emb, persist_directory=str(settings.home / "chroma"),
                          client_settings=ChromaSettings(anonymized_telemetry=False))
    secs = time.perf_counter() - t
    shutil.rmtree(settings.home, ignore_errors=True)
    return {"reports": len(files), "failed": 0, "chunks": len(chunks), "seconds": round(secs, 2)}


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc/PID/task/TID/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return out


def _tree_rss_mb(pid: int) -> float:
    """Sum of the process tree's RSS in MB (/proc/PID/statm: cheap)."""
    pages = 0
    for p in _tree(pid):
        try:
            pages += int(Path(f"/proc/{p}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _tree_pss_mb(pid: int) -> float:
    """Sum of the process tree's PSS in MB (pages shared after fork split between their processes); the kernel
    walks every page table for it: ~75 ms for this ingest's tree of ~2 GB RSS."""
    pss = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return pss / 1024


class TreePeak(threading.Thread):
    """Samples a process tree's memory (workers included): RSS every 0.2 s, PSS every second (each PSS sample
    costs the 2-core machine ~75 ms of kernel time, which would otherwise be ~15 % of one core during the
    run it measures); peaks in MB."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.rss = self.pss = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        tick = 0
        while not self.stop.wait(0.2):
            self.rss = max(self.rss, _tree_rss_mb(self.pid))
            if tick % 5 == 0:
                self.pss = max(self.pss, _tree_pss_mb(self.pid))
            tick += 1


def child(variant: str, folder: Path, embedder: str) -> None:
    """Run one variant and print its JSON line (the parent adds the tree's peaks)."""
    out = (run_ours if variant == "ours" else run_langchain)(folder, embedder)
    out["reports_per_s"] = round(out["reports"] / out["seconds"], 1) if out["seconds"] else 0.0
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps({"variant": variant, "embedder": embedder, **out}), flush=True)


def run_child(variant: str, folder: Path, embedder: str) -> dict:
    """One variant in a subprocess, its process tree's memory sampled from here."""
    proc = subprocess.Popen([sys.executable, "-m", "bench.bench_ingest", "--child", variant, "--folder", str(folder),
                             "--embedder", embedder], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreePeak(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    sampler.stop.set()
    if proc.returncode != 0:
        raise RuntimeError(f"{variant} failed: {stderr[-2000:]}")
    out = json.loads(stdout.strip().splitlines()[-1])
    out["peak_tree_rss_mb"] = round(max(sampler.rss, out["peak_rss_mb"]))
    out["peak_tree_pss_mb"] = round(sampler.pss)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(prog="bench.bench_ingest", description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--embedder", default="static-zh")
    ap.add_argument("--variants", nargs="+", default=["ours", "langchain"])
    ap.add_argument("--repeat", type=int, default=1, help="runs of every variant, alternated; the median ratio is printed")
    ap.add_argument("--child", default="")
    ap.add_argument("--folder", type=Path, default=None)
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.child:
        child(args.child, args.folder, args.embedder)
        return 0
    from bench.synth import generate

    folder = Path(tempfile.mkdtemp(prefix="synth_")) / "reports"
    for _ in generate(args.n, args.seed, out_dir=folder):
        pass
    rates: dict[str, list[float]] = {v: [] for v in args.variants}
    try:
        for _ in range(args.repeat):
            for variant in args.variants:
                out = run_child(variant, folder, args.embedder)
                print(json.dumps(out), flush=True)
                rates[variant].append(out["reports_per_s"])
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)
    if {"ours", "langchain"} <= set(rates):
        ratios = sorted(o / b for o, b in zip(rates["ours"], rates["langchain"], strict=True))
        print(json.dumps({"summary": "ours / langchain, run by run", "n": args.n, "ratios": [round(r, 2) for r in ratios],
                          "median_ratio": round(ratios[len(ratios) // 2], 2),
                          "ours_reports_per_s": rates["ours"], "langchain_reports_per_s": rates["langchain"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
