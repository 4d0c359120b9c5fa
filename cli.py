"""The `nianbao` command: a thin front door over assistant/, ingest/ and vectorstore/.

Exit codes (README): 0 success; 1 the result has problems (a report with error findings, files that failed
to ingest); 2 the command could not do its job (bad option, unreadable or unwritable path, missing model,
bad configuration, library or LLM unavailable). ``NianbaoGroup`` turns every error into one Chinese line and
its code; nothing else chooses an exit code for an error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

import click

from assistant.core.errors import ReportError
from assistant.core.findings import has_error
from assistant.core.labels import LEVELS
from assistant.core.report import AnnualReport
from assistant.core.settings import Settings, load_settings
from assistant.messages_zh import MESSAGES, message, review_render, similar_reason, zh, zh_problem
from assistant.messages_zh import fmt as _fmt

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2


def exit_code_for(err: BaseException) -> int:
    """The exit code of an error that stopped a command: it could not do its job."""
    return EXIT_FAILED


def fmt_message(key: str, ctx: dict) -> str:
    return _fmt(MESSAGES[key], ctx)


def _settings(**overrides: object) -> Settings:
    return load_settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]


def _fail(err: BaseException) -> NoReturn:
    click.echo(_error_line(err), err=True)
    sys.exit(exit_code_for(err))


def _error_line(err: BaseException) -> str:
    if isinstance(err, ReportError):
        return zh(err)
    if isinstance(err, OSError):
        return fmt_message("cli.os_error", {"path": err.filename or "", "reason": err.strerror or str(err)})
    return zh(err)


class NianbaoGroup(click.Group):
    """A click group that shows every error as one Chinese line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as err:
            if os.environ.get("NIANBAO_DEBUG"):
                raise
            _fail(err)


def format_option(*choices: str, default: str | None = None) -> Callable[[Callable], Callable]:
    """The shared ``--format`` option: what is printed on standard output."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default or choices[0],
                        show_default=True, help=MESSAGES["cli.help_format"])


def _version() -> str:
    try:
        return metadata.version("nianbao")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@click.group(cls=NianbaoGroup)
@click.version_option(_version(), prog_name="nianbao", help=MESSAGES["cli.help_version"])
@click.help_option(help=MESSAGES["cli.help_help"])
def cli() -> None:
    """年报助手：起草与检查乡镇政府信息公开工作年度报告。"""


@cli.command("new")
@click.option("--unit", required=True, help="单位名称，如 某某镇 或 某某镇人民政府")
@click.option("--year", required=True, type=click.IntRange(2008, 2100), help="报告年度")
@click.option("--county", default="", help="所属县（市、区）")
@click.option("--city", default="", help="所属市（州）")
@click.option("--province", default="", help="所属省份")
@click.option("--from-last", "from_last", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="从上年报告（.json）结转：上年结转、现行有效件数、上年问题")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="输出文件（默认 单位_年度.json）")
def new_cmd(unit: str, year: int, county: str, city: str, province: str, from_last: Path | None,
            output: Path | None) -> None:
    """生成一份填报模板（JSON，空白单元格为 null）。"""
    from assistant.persistence.report_files import load_report, save_report
    from assistant.tables.carry import carry_forward
    from assistant.tables.templates import new_report

    report = new_report(unit, year, county=county, city=city, province=province)
    if from_last:
        carried = carry_forward(load_report(from_last))
        report = carried.model_copy(update={"profile": report.profile, "title": report.title})
    path = output or Path(f"{report.profile.short_name}_{year}.json")
    save_report(report, path)
    click.echo(fmt_message("new_written", {"path": path}))


@cli.command("schema")
def schema_cmd() -> None:
    """打印报告数据文件的 JSON Schema。"""
    from assistant.core.report import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option("table", "json", "csv", "html")
@click.option("--deadline", default=None, help="公开截止日期 MM-DD（默认 01-31）")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="上年报告（任意支持的格式），用于跨年度核对（X-1/X-2/X-3）")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="其他单位名称表（每行一个），正文出现即提示（UNIT-1）")
@click.option("--library", "use_library", is_flag=True,
              help="利用资料库：其他单位名称（UNIT-1），以及同一单位上一年度的报告（X-1/X-2/X-3）")
@click.option("--rules", "list_rules", is_flag=True, help="列出全部检查规则")
def check_cmd(paths: tuple[Path, ...], fmt: str, deadline: str | None, previous: Path | None,
              gazetteer: Path | None, use_library: bool, list_rules: bool) -> None:
    """检查报告（.json 数据文件，或 .txt/.docx/.pdf/.html 报告）。有错误时退出码为1，无法读取为2。"""
    from assistant.review import batch as review

    if list_rules:
        for info in review.rule_infos():
            click.echo(f"{info.rule}\t{MESSAGES.get('severity:' + info.severity.value)}\t{info.doc}")
        return
    if not paths:
        raise click.UsageError(MESSAGES["cli.check_needs_paths"])
    settings = _settings(deadline=deadline)
    options = review.options_from_files(settings, previous=previous, gazetteer=gazetteer)
    files = list(review.expand_paths(paths))
    with click.progressbar(length=len(files), label=MESSAGES["cli.progress_check"], file=sys.stderr, show_pos=True) as bar:
        results = []
        for result in review.review_paths(files, settings, library=use_library, **options):
            results.append(result)
            bar.update(1)
    click.echo(review_render.render(results, fmt))
    if any(r.problem for r in results):
        if fmt != "table":  # the table already shows the reasons
            for r in results:
                if r.problem:
                    click.echo(f"{r.file}：{zh_problem(r.problem)}", err=True)
        sys.exit(EXIT_FAILED)
    sys.exit(EXIT_PROBLEMS if any(has_error(r.findings) for r in results) else EXIT_OK)


@cli.command("draft")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--section", type=click.Choice(["overview", "problems", "all"]), default="all", show_default=True,
              help="起草哪一部分：overview 一、总体情况；problems 五、存在的主要问题及改进情况；all 两部分")
@click.option("--backend", type=click.Choice(["builtin", "llm"]), default=None, help="默认取配置（builtin）")
@click.option("--variant", type=click.IntRange(0, 99), default=0, help="换一种写法：0、1、2…")
@format_option("md", "json")
@click.option("--no-library", is_flag=True, help="不检索资料库中的相似表述")
def draft_cmd(path: Path, section: str, backend: str | None, variant: int, fmt: str, no_library: bool) -> None:
    """根据报告数据起草“一、总体情况”和“五、存在的主要问题及改进情况”。"""
    from assistant.drafting.draft import draft_sections
    from assistant.messages_zh.render_draft import draft_to_json, draft_to_markdown
    from assistant.persistence.report_files import load_report

    settings = _settings(backend=backend)
    report = load_report(path)
    drafts = draft_sections(report, section, settings=settings, variant=variant,
                            previous=_previous_from_library(settings, report, not no_library),
                            **_library_context(settings, enabled=not no_library))
    if fmt == "json":
        payload = [draft_to_json(d) for d in drafts]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(draft_to_markdown(d) for d in drafts))


@cli.command("chat")
@click.argument("path", type=click.Path(path_type=Path))
@click.argument("message")
@click.option("--section", type=click.Choice(["overview", "problems"]), default=None, help="默认按消息内容判断")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="本单位上年报告（用去年的写法）；默认从资料库查找")
@click.option("--apply", "apply_", is_flag=True, help="把改动和确认的事实写回报告文件")
@click.option("--no-library", is_flag=True, help="不检索资料库")
@click.option("--backend", type=click.Choice(["builtin", "llm"]), default=None,
              help="缩写、扩写、改写由谁来写：默认取配置（配置了大模型时由写作模型改写，仍逐一核对数字）")
@format_option("text", "json")
def chat_cmd(path: Path, message: str, section: str | None, previous: Path | None, apply_: bool, no_library: bool,
             backend: str | None, fmt: str) -> None:
    """对报告草稿说一句话：缩写/扩写/改写某段、删改句子、问来源、参考某镇或去年的写法、补充事实。不加 --apply 不写文件。"""
    from assistant.drafting.chat import Context, apply_result, respond
    from assistant.messages_zh.render_chat import result_json
    from assistant.persistence.report_files import load_report, save_report

    settings = _settings(backend=backend)
    report = load_report(path)
    context = _library_context(settings, enabled=not no_library)
    last = load_report(previous) if previous else _previous_from_library(settings, report, not no_library)
    ctx = Context(settings=settings, retrieve=context.get("retrieve"),  # type: ignore[arg-type]
                  gazetteer=tuple(context.get("gazetteer", ())), previous=last)  # type: ignore[arg-type]
    result = respond(report, message, ctx, section=section)
    if apply_ and (result.draft is not None or result.pending):
        save_report(apply_result(report, result), path)
    payload = result_json(result, applied=apply_ and (result.draft is not None or bool(result.pending)))
    if fmt == "json":
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(payload["reply"])
        if payload["draft"] is not None:
            click.echo("\n" + payload["draft"]["text"])


def _previous_from_library(settings: Settings, report: AnnualReport, enabled: bool) -> AnnualReport | None:
    """The unit's own report of the year before, from the library (None without one)."""
    if not enabled:
        return None
    from assistant.library.previous import library_previous

    return library_previous(settings, report)


def _library_context(settings: Settings, enabled: bool = True) -> dict[str, object]:
    """Retrieval and the gazetteer of other units for drafting, when a library exists (else a note)."""
    if not enabled:
        return {}
    from assistant.library.context import drafting_context

    context = drafting_context(settings)
    if not context:
        click.echo(MESSAGES["speed.draft_without_library"], err=True)
    return context


@cli.command("parse")
@click.argument("path", type=click.Path(path_type=Path))
@format_option("json")
def parse_cmd(path: Path, fmt: str) -> None:
    """把一份往年报告（.txt/.docx/.pdf/.html/.doc）解析为报告数据（JSON），可用作上年数据或送检。"""
    from assistant.persistence.report_files import report_to_json
    from ingest.parse import parse_file

    report = parse_file(path, _settings())
    click.echo(report_to_json(report))


@cli.group("models")
def models_grp() -> None:
    """向量模型：生成内置中文模型。"""


class _BuildProgress:
    """Stage names and, for the teacher pass, percent done and time left (on stderr; one line per
    10% when stderr is not a terminal, e.g. under make)."""

    def __init__(self) -> None:
        self.stage = ""
        self.started = 0.0
        self.first = 0
        self.shown = -1
        self.tty = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        import time

        if stage != self.stage:
            if self.tty and self.stage == "teacher":
                click.echo("", err=True)
            self.stage, self.started, self.first, self.shown = stage, time.monotonic(), done, -1
            click.echo(MESSAGES[f"speed.model_stage.{stage}"], err=True)
        if stage != "teacher" or total <= 0:
            return
        percent = int(100 * done / total)
        if not self.tty and (percent // 10 == self.shown // 10) and done < total:
            return
        self.shown = percent
        rate = (done - self.first) / max(time.monotonic() - self.started, 1e-6)
        left = int((total - done) / rate) if rate > 0 else -1
        line = fmt_message("speed.model_progress", {"percent": percent, "done": done, "total": total,
                                                     "left": _duration(left)})
        click.echo(("\r" + line) if self.tty else line, err=True, nl=not self.tty)


def _duration(seconds: int) -> str:
    if seconds < 0:
        return "…"
    minutes, secs = divmod(seconds, 60)
    return fmt_message("speed.duration", {"m": minutes, "s": secs}) if minutes else f"{secs}秒"


@models_grp.command("build")
@click.option("--force", is_flag=True, help="重新生成（会改变模型标识，需重新导入资料库）")
def models_build_cmd(force: bool) -> None:
    """离线生成内置中文向量模型（缓存于 ~/.cache/nianbao，已生成则直接使用）。"""
    from vectorstore.embeddings import get_embedder
    from vectorstore.static_model import ensure_default_model, is_built

    settings = _settings()
    if force or not is_built(settings):
        click.echo(MESSAGES["speed.model_building"], err=True)
    path = ensure_default_model(settings, force=force, progress=_BuildProgress())
    click.echo(fmt_message("speed.model_ready", {"path": path, "model_id": get_embedder(settings).model_id}))


@cli.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--docx", "docx_out", type=click.Path(dir_okay=False, path_type=Path), help="输出 .docx（官方版式）")
@click.option("--md", "md_out", type=click.Path(dir_okay=False, path_type=Path), help="输出 .md")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="上年报告（任意支持的格式），用于跨年度核对（X-1/X-2/X-3），与 check 相同")
@click.option("--library", "use_library", is_flag=True,
              help="利用资料库：其他单位名称（UNIT-1），以及同一单位上一年度的报告（X-1/X-2/X-3），与 check 相同")
@click.option("--force", is_flag=True, help="仍有“错误”级问题（含【待补充】【待核实】【待确认】标记）时也导出")
def export_cmd(path: Path, docx_out: Path | None, md_out: Path | None, previous: Path | None, use_library: bool,
               force: bool) -> None:
    """把报告数据导出为 .docx（官方版式，含三张表格）和/或 .md。仍有错误时拒绝导出，除非 --force。

    是否放行与应用的“检查清单”“导出”页用同一个函数判断（assistant.export.gate.review_export）。
    """
    from assistant.export.docx import export_docx
    from assistant.export.gate import review_export
    from assistant.export.markdown import export_md
    from assistant.persistence.report_files import load_report
    from assistant.review import batch as review

    if not docx_out and not md_out:
        raise click.UsageError(MESSAGES["cli.export_needs_output"])
    settings = _settings()
    report = load_report(path)  # a ReportError is rendered by the group, exit code 2
    options = review.report_options(settings, report, previous=previous, library=use_library)
    gate = review_export(report, options.pop("previous", None), **options)
    if not gate.ok and not force:
        click.echo(fmt_message("export_refused", {"n": len(gate.blocking)}), err=True)
        for f in gate.blocking:
            click.echo(f"  {f.rule}  {message(f)}", err=True)
        sys.exit(EXIT_PROBLEMS)
    if docx_out:
        export_docx(report, docx_out)
        click.echo(fmt_message("export_written", {"path": docx_out}))
    if md_out:
        md_out.write_text(export_md(report), encoding="utf-8")
        click.echo(fmt_message("export_written", {"path": md_out}))


# ---------------------------------------------------------------- library
@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option("table", "json")
def ingest_cmd(paths: tuple[Path, ...], fmt: str) -> None:
    """把往年报告（文件或文件夹，递归）导入资料库。全部成功退出码0，部分失败1（其余照常导入）。"""
    from assistant.library.ingest import collect_files, ingest_paths

    settings = _settings()
    files, missing = collect_files(paths)
    if not files:
        for path in missing:
            click.echo(fmt_message("cli.path_missing", {"path": path}), err=True)
        click.echo(MESSAGES["ingest_nothing"], err=True)
        sys.exit(EXIT_FAILED)
    with click.progressbar(length=len(files), label=MESSAGES["cli.progress_ingest"], file=sys.stderr, show_pos=True) as bar:
        def progress(done: int, total: int, file: str) -> None:
            bar.update(done - bar.pos)

        result = ingest_paths(paths, settings, progress=progress)
    if fmt == "json":
        payload = result.model_dump(include={"files", "ingested", "replaced", "skipped_unchanged", "refreshed", "chunks", "seconds"})
        payload["failed"] = [{"file": f.file, "code": f.code, "error": zh_problem(f.problem)} for f in result.failed]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for failed in result.failed:
            click.echo(f"{failed.file}：{zh_problem(failed.problem)}")
        click.echo(_ingest_summary(result))
    sys.exit(EXIT_PROBLEMS if result.failed else EXIT_OK)


def _ingest_summary(result) -> str:
    line = fmt_message("ingest_summary", {**result.model_dump(), "skipped": result.skipped_unchanged,
                                          "failed": len(result.failed), "seconds": f"{result.seconds:.1f}"})
    if result.refreshed:
        line += "\n" + fmt_message("library.refreshed", {"refreshed": result.refreshed})
    return line


@cli.group("library")
def library_grp() -> None:
    """资料库：列出、删除、重建索引、导入示例报告。"""


@library_grp.command("list")
@format_option("table", "json")
def library_list_cmd(fmt: str) -> None:
    """列出资料库中的报告。"""
    from assistant.library.ingest import list_reports

    rows = list_reports(_settings())
    if fmt == "json":
        click.echo(json.dumps([r.model_dump() for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(MESSAGES["library_empty"])
        return
    for r in rows:
        click.echo(f"{r.report_id[:12]}\t{r.unit}\t{r.level}\t{r.province}{r.county}\t{r.year}\t{r.n_chunks}\t{r.source}")
    click.echo(MESSAGES["library_count"].format(n=len(rows)))


@library_grp.command("remove")
@click.argument("key")
def library_remove_cmd(key: str) -> None:
    """从资料库删除报告（报告编号前缀、来源文件或单位名称）。"""
    from assistant.library.ingest import remove_report

    removed = remove_report(_settings(), key)
    names = "、".join(f"{r.unit}{r.year}" for r in removed)
    click.echo(fmt_message("library_removed", {"count": len(removed), "names": names}))


@library_grp.command("check")
def library_check_cmd() -> None:
    """检查资料库的一致性并修复（中断的导入、删除或重建索引会在下次打开时自动修复）。"""
    from assistant.library.ingest import check_library

    result = check_library(_settings())
    key = "library_check_repaired" if result.repaired else "library_check_clean"
    click.echo(fmt_message(key, result.model_dump()))


@library_grp.command("reindex")
def library_reindex_cmd() -> None:
    """用当前配置的向量模型重建资料库的全部向量。"""
    from assistant.library.ingest import reindex

    click.echo(fmt_message("library_reindexed", {"count": reindex(_settings())}))


@library_grp.command("reparse")
def library_reparse_cmd() -> None:
    """用新版解析器重新读取资料库中由旧版解析的报告：更新单位、年度和章节，未变化的段落不重新生成向量。"""
    from assistant.library.ingest import reparse

    result, gone = reparse(_settings())
    for failed in result.failed:
        click.echo(f"{failed.file}：{zh_problem(failed.problem)}")
    for row in gone:
        click.echo(fmt_message("library.reparse_gone", {"unit": row.unit, "year": row.year, "source": row.source}))
    click.echo(_ingest_summary(result) if result.files else MESSAGES["library.reparse_none"])
    sys.exit(EXIT_PROBLEMS if result.failed else EXIT_OK)


@library_grp.command("init")
def library_init_cmd() -> None:
    """资料库为空时导入随附的示例报告（make app 会调用）。"""
    from assistant.library.ingest import ensure_sample_library

    result = ensure_sample_library(_settings())
    if result is not None:
        click.echo(_ingest_summary(result))


@cli.command("search")
@click.argument("query")
@click.option("--section", type=click.Choice(["overview", "overview.active", "overview.requests", "overview.management",
                                              "overview.platform", "overview.supervision", "problems", "other"]),
              help="只检索某一部分（overview.active 等为总体情况的小项）")
@click.option("--level", type=click.Choice(LEVELS), help="只检索某一层级（乡/镇/街道）的报告")
@click.option("--province", help="只检索某省的报告")
@click.option("--county", help="只检索某县（市、区）的报告")
@click.option("--year-from", type=int, help="起始年度（含）")
@click.option("--year-to", type=int, help="截止年度（含）")
@click.option("--exclude-unit", help="排除某单位（通常是本单位）")
@click.option("-k", "k", type=click.IntRange(1, 100), default=5, show_default=True, help="返回段落数")
@format_option("table", "json")
def search_cmd(query: str, section: str | None, level: str | None, province: str | None,
               county: str | None, year_from: int | None, year_to: int | None,
               exclude_unit: str | None, k: int, fmt: str) -> None:
    """在资料库中检索相近表述（向量 + 关键词混合检索）。"""
    from vectorstore.hybrid import result_json, search

    section_key, _, subpart = (section or "").partition(".")
    # A report that does not state its province may be from that province: listed too, and marked.
    result = search(query, _settings(), section=section_key or None, subpart=subpart or None, level=level,
                    province=(province, "") if province else None, county=county, year_from=year_from,
                    year_to=year_to, exclude_unit=exclude_unit, k=k)
    payload = result_json(result)
    if fmt == "json":
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    rows: list[dict[str, Any]] = payload["results"]
    if result.low_relevance:
        click.echo(fmt_message("search_low_relevance", {"query": query}))
    if province and any(not row["province"] for row in rows):
        click.echo(fmt_message("search_province_blank", {"province": province}))
    for row in rows:
        click.echo(f"[{row['score']:.3f}] {row['unit']} {row['year']} {row['section']}\n  {row['text'][:160]}")


@cli.command("similar")
@click.option("--unit", required=True, help="本单位名称，如 某某镇")
@click.option("--level", type=click.Choice(LEVELS), required=True, help="本单位层级（乡/镇/街道）")
@click.option("--province", default="", help="所属省份")
@click.option("--county", default=None, help="所属县（市、区）")
@click.option("--year", type=int, default=None, help="报告年度")
@click.option("-k", "k", type=click.IntRange(1, 100), default=10, show_default=True, help="列出报告数")
@format_option("table", "json")
def similar_cmd(unit: str, level: str, province: str, county: str | None, year: int | None, k: int,
                fmt: str) -> None:
    """找出与本单位最可参考的往年报告（同县、同级、相近年份、措辞相似）。"""
    from vectorstore.similar import similar_reports

    found = similar_reports(_settings(), unit, level, province, county=county, year=year, k=k)
    if fmt == "json":
        click.echo(json.dumps([{**s.report.model_dump(), "score": s.score, "reason": similar_reason(s.reasons)} for s in found],
                              ensure_ascii=False, indent=2))
        return
    for s in found:
        click.echo(f"{s.report.unit}\t{s.report.year}\t{similar_reason(s.reasons)}\t{s.report.source}")


@cli.command("review")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--previous", "previous", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="上年报告（文件或文件夹，同一批单位），用于跨年度核对（X-1/X-2/X-3）和较上年变化")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path), help="输出审核报告 .html（含图表）")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False, path_type=Path), help="输出汇总表 .xlsx")
@click.option("--letters", "letters_dir", type=click.Path(file_okay=False, path_type=Path),
              help="输出各单位审核意见 .docx 的文件夹")
@click.option("--letter-date", type=click.DateTime(["%Y-%m-%d"]), default=None, help="审核意见日期（默认今天）")
@click.option("--rectify-by", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="整改时限（默认审核意见日期后7天）")
@click.option("--reviewer", default="", help="审核单位（落款），默认“县政务公开办”")
@click.option("--library", "use_library", is_flag=True, help="数据对比中加入资料库里同级同年的报告")
@format_option("table", "json", "csv")
@click.option("--deadline", default=None, help="公开截止日期 MM-DD（默认 01-31）")
def review_cmd(paths: tuple[Path, ...], previous: tuple[Path, ...], html_out: Path | None, xlsx_out: Path | None,
               letters_dir: Path | None, letter_date: Any, rectify_by: Any, reviewer: str, use_library: bool,
               fmt: str, deadline: str | None) -> None:
    """审核台：一次审核全县各单位的报告（含与其他单位雷同 SIM-1），输出审核报告、汇总表和审核意见。"""
    import datetime as dt

    from assistant import messages_zh as words
    from assistant.persistence.drafts_db import Store
    from assistant.review import batch, outputs
    from assistant.review.desk import load_desk
    from assistant.review.peers import library_peers
    from assistant.review.rounds import record_rounds

    settings = _settings(deadline=deadline)
    files = list(batch.expand_paths(paths))
    with click.progressbar(length=len(files) * 2, label=MESSAGES["cli.progress_review"], file=sys.stderr,
                           show_pos=True) as bar:
        entries = load_desk(paths, settings, previous=previous,
                            progress=lambda done, total, file: bar.update(done - bar.pos))
    diffs = record_rounds(Store.from_settings(settings), entries)
    peers = library_peers(settings, entries) if use_library else None
    click.echo(review_render.render(entries, fmt))  # type: ignore[arg-type]
    for e in entries:
        d = diffs.get(e.content_hash)
        if d is not None and not d.first and fmt == "table":
            click.echo(f"{e.unit}：" + fmt_message("round.summary", {"fixed": len(d.fixed), "open": len(d.still_open),
                                                                     "new": len(d.new)}))
        if e.problem and fmt != "table":  # the table already shows the reasons
            click.echo(f"{e.file}：{zh_problem(e.problem)}", err=True)
    day = letter_date.date() if letter_date else dt.date.today()
    if html_out:
        html_out.parent.mkdir(parents=True, exist_ok=True)
        page = review_render.render_html(entries)  # type: ignore[arg-type]
        html_out.write_text(outputs.with_charts(page, entries, words, peers), encoding="utf-8")
        click.echo(fmt_message("cli.review_written", {"path": html_out}), err=True)
    if xlsx_out:
        outputs.write_xlsx(xlsx_out, entries, words, peers)
        click.echo(fmt_message("cli.review_written", {"path": xlsx_out}), err=True)
    if letters_dir:
        written = outputs.write_letters(letters_dir, entries, words, letter_date=day,
                                        deadline=rectify_by.date() if rectify_by else None, reviewer=reviewer)
        click.echo(fmt_message("cli.review_letters", {"count": len(written), "path": letters_dir}), err=True)
    counts = {k: sum(e.counts()[k] for e in entries) for k in ("error", "warning", "info")}
    click.echo(fmt_message("cli.review_summary", {"count": len(entries), "unreadable": sum(bool(e.problem) for e in entries),
                                                  **counts}), err=True)
    sys.exit(EXIT_FAILED if any(e.problem for e in entries) else EXIT_PROBLEMS if counts["error"] else EXIT_OK)


@cli.command("password")
@click.option("--clear", is_flag=True, help="取消访问密码")
def password_cmd(clear: bool) -> None:
    """设置应用的访问密码（配置中只保存 argon2 哈希值）。"""
    from assistant.persistence.password import write_password_hash

    settings = _settings()
    if clear:
        write_password_hash(settings, "")
        click.echo(MESSAGES["password_cleared"])
        return
    path = write_password_hash(settings, _read_password(False, "password_prompt", confirm=True))
    click.echo(fmt_message("password_set", {"path": path}))


# ---------------------------------------------------------------- accounts (county server)
def _store_of(settings: Settings):
    from assistant.persistence.drafts_db import Store

    return Store.from_settings(settings)


def _read_password(stdin: bool, prompt_key: str, confirm: bool = False) -> str:
    """A password from standard input (one line, ``--password-stdin``) or a prompt; never echoed."""
    if stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(MESSAGES[prompt_key], hide_input=True, confirmation_prompt=confirm)


@cli.group("users")
def users_grp() -> None:
    """账号管理（县级服务器）：新增、列出、停用账号，重设密码。

    能连上数据库（database_url）的人就是管理员：这些命令不另外登录，与直接用 psql 管理数据库同等权限。"""


@users_grp.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["clerk", "reviewer", "admin"]), required=True,
              help="clerk 填报人（绑定单位）、reviewer 审核人（绑定县）、admin 管理员")
@click.option("--unit", default="", help="填报人所属单位，如 青山镇")
@click.option("--county", default="", help="填报人、审核人所属县（市、区）")
@click.option("--password-stdin", "password_stdin", is_flag=True, help=MESSAGES["cli.help_password_stdin"])
def users_add_cmd(name: str, role: str, unit: str, county: str, password_stdin: bool) -> None:
    """新增账号（密码以 argon2 哈希保存；有了第一个账号，应用即需要登录）。"""
    from assistant.accounts.users import add_user

    store = _store_of(_settings())
    password = _read_password(password_stdin, "cli.new_password", confirm=True)
    user = add_user(store, name, password, role, unit=unit, county=county)
    click.echo(fmt_message("cli.users_added", {"name": user.name, "role": MESSAGES[f"role:{user.role.value}"]}))


@users_grp.command("list")
@format_option("table", "json")
def users_list_cmd(fmt: str) -> None:
    """列出账号（不含密码）。"""
    from assistant.accounts.users import list_users

    accounts = list_users(_store_of(_settings()))
    if fmt == "json":
        click.echo(json.dumps([u.model_dump(mode="json") for u in accounts], ensure_ascii=False, indent=2))
        return
    if not accounts:
        click.echo(MESSAGES["cli.users_none"], err=True)
    for u in accounts:
        click.echo(fmt_message("cli.users_row", {"name": u.name, "role": MESSAGES[f"role:{u.role.value}"],
                                                 "county": u.county or "-", "unit": u.unit or "-",
                                                 "active": "✓" if u.active else "✗"}))


@users_grp.command("disable")
@click.argument("name")
def users_disable_cmd(name: str) -> None:
    """停用账号：不能再登录，已有的登录立即失效。"""
    from assistant.accounts.users import set_active

    set_active(_store_of(_settings()), name, False)
    click.echo(fmt_message("cli.users_disabled", {"name": name}))


@users_grp.command("reset-password")
@click.argument("name")
@click.option("--password-stdin", "password_stdin", is_flag=True, help=MESSAGES["cli.help_password_stdin"])
def users_reset_cmd(name: str, password_stdin: bool) -> None:
    """重设账号密码（已有的登录立即失效）。"""
    from assistant.accounts.users import get_user, reset_password

    store = _store_of(_settings())
    get_user(store, name)  # an unknown name fails before the prompt
    reset_password(store, name, _read_password(password_stdin, "cli.new_password", confirm=True))
    click.echo(fmt_message("cli.users_reset", {"name": name}))


def user_options(fn: Callable) -> Callable:
    """``--user`` and ``--password-stdin``: who a report command acts as (the password may also come from
    NIANBAO_USER_PASSWORD)."""
    fn = click.option("--password-stdin", "password_stdin", is_flag=True, help=MESSAGES["cli.help_password_stdin"])(fn)
    return click.option("--user", "user_name", default=None, help=MESSAGES["cli.help_user"])(fn)


def _acting_user(store: Any, user_name: str | None, password_stdin: bool):
    """The account a report command acts as: None in single-user mode; in accounts mode the verified
    ``--user`` (throttled like the login page, keyed on the account and on ``cli``)."""
    from assistant.accounts.login import log_in
    from assistant.accounts.users import accounts_on, has_accounts

    if not accounts_on(store):
        return None
    if not has_accounts(store):  # a county server before its first admin
        click.echo(MESSAGES["cli.no_accounts_yet"], err=True)
        sys.exit(EXIT_FAILED)
    if not user_name:
        click.echo(MESSAGES["cli.login_needed"], err=True)
        sys.exit(EXIT_FAILED)
    password = os.environ.get("NIANBAO_USER_PASSWORD")
    if password is None or password_stdin:
        password = _read_password(password_stdin, "cli.your_password")
    return log_in(store, user_name, password, "cli")


@cli.group("reports")
def reports_grp() -> None:
    """数据库中的报告（县级服务器）：列出、查看、提交、退回、通过；以 --user 账号的权限执行。"""


@reports_grp.command("list")
@user_options
@format_option("table", "json")
def reports_list_cmd(user_name: str | None, password_stdin: bool, fmt: str) -> None:
    """列出本账号可查看的报告及其审核状态。"""
    from assistant.accounts.policy import visible_reports

    store = _store_of(_settings())
    rows = visible_reports(store, _acting_user(store, user_name, password_stdin))
    if fmt == "json":
        click.echo(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(MESSAGES["cli.reports_none"], err=True)
    for r in rows:
        click.echo(fmt_message("cli.reports_row", {**r.model_dump(), "county": r.county or "-",
                                                   "year": r.year or "", "state": MESSAGES[f"wf:{r.state.value}"]}))


@reports_grp.command("show")
@click.argument("report_id", type=int)
@user_options
def reports_show_cmd(report_id: int, user_name: str | None, password_stdin: bool) -> None:
    """打印一份报告的数据（JSON），须有查看权限。"""
    from assistant.accounts import records

    store = _store_of(_settings())
    report = records.load(store, _acting_user(store, user_name, password_stdin), report_id)
    click.echo(report.model_dump_json(indent=2))


@reports_grp.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@user_options
def reports_import_cmd(path: Path, user_name: str | None, password_stdin: bool) -> None:
    """把单机上的报告文件（.json）导入数据库，归属本账号的单位（填报人）。"""
    from assistant.accounts.policy import create_report
    from assistant.persistence.report_files import load_report

    store = _store_of(_settings())
    user = _acting_user(store, user_name, password_stdin)
    rid = create_report(store, user, load_report(path), note=f"import:{path.name}")
    click.echo(fmt_message("cli.reports_imported", {"id": rid, "path": path}))


@reports_grp.command("assign")
@click.argument("report_id", type=int)
@click.option("--unit", required=True, help="归属的单位，如 青山镇")
@click.option("--county", required=True, help="该单位所属县（市、区）")
@user_options
def reports_assign_cmd(report_id: int, unit: str, county: str, user_name: str | None, password_stdin: bool) -> None:
    """把启用账号之前保存的报告归属某个单位（管理员；已归属的报告不能改归属）。"""
    from assistant.accounts.policy import assign

    store = _store_of(_settings())
    user = _acting_user(store, user_name, password_stdin)
    if user is None:  # binding needs accounts: there is no unit to bind to in single-user mode
        click.echo(MESSAGES["cli.assign_needs_accounts"], err=True)
        sys.exit(EXIT_FAILED)
    scope = assign(store, user, report_id, unit=unit, county=county)
    click.echo(fmt_message("cli.reports_assigned", {"id": report_id, "unit": scope.unit, "county": scope.county}))


def _step_cmd(action_name: str, report_id: int, user_name: str | None, password_stdin: bool, comment: str) -> None:
    from assistant.accounts.policy import Action
    from assistant.accounts.workflow import step
    from assistant.review.batch import check_one

    settings = _settings()
    store = _store_of(settings)
    user = _acting_user(store, user_name, password_stdin)
    if user is None:  # the workflow needs a who: there is none in single-user mode
        click.echo(MESSAGES["cli.workflow_needs_accounts"], err=True)
        sys.exit(EXIT_FAILED)
    action = Action(action_name)
    findings = []
    if action in (Action.SUBMIT, Action.RETURN):
        from assistant.accounts import records
        from assistant.accounts.policy import require

        require(store, user, action, report_id)  # before the report is read
        findings = check_one(records.load(store, user, report_id), None, deadline=settings.deadline)
    done = step(store, user, report_id, action, comment=comment, findings=findings)
    click.echo(fmt_message("cli.reports_moved", {"id": report_id, "from_state": MESSAGES[f"wf:{done.from_state.value}"],
                                                 "to_state": MESSAGES[f"wf:{done.to_state.value}"]}))


@reports_grp.command("submit")
@click.argument("report_id", type=int)
@user_options
def reports_submit_cmd(report_id: int, user_name: str | None, password_stdin: bool) -> None:
    """提交审核（填报人，本单位的草稿或已退回的报告）。"""
    _step_cmd("submit", report_id, user_name, password_stdin, "")


@reports_grp.command("return")
@click.argument("report_id", type=int)
@click.option("--comment", required=True, help="审核意见（退回时必填）")
@user_options
def reports_return_cmd(report_id: int, comment: str, user_name: str | None, password_stdin: bool) -> None:
    """退回修改（审核人，本县已提交的报告），连同检查发现的问题和审核意见。"""
    _step_cmd("return", report_id, user_name, password_stdin, comment)


@reports_grp.command("approve")
@click.argument("report_id", type=int)
@click.option("--comment", default="", help="审核意见（可选）")
@user_options
def reports_approve_cmd(report_id: int, comment: str, user_name: str | None, password_stdin: bool) -> None:
    """审核通过（审核人，本县已提交的报告）。"""
    _step_cmd("approve", report_id, user_name, password_stdin, comment)


@cli.group("data")
def data_grp() -> None:
    """数据目录：查看位置，迁移旧的 ./data。"""


@data_grp.command("show")
def data_show_cmd() -> None:
    """显示数据目录；发现旧的 ./data 时提示迁移。"""
    from assistant.persistence.datadir import old_data_dir

    settings = _settings()
    click.echo(fmt_message("data_dir_show", {"home": settings.home}))
    old = old_data_dir(settings)
    if old is not None:
        click.echo(fmt_message("data_dir_old_found", {"old": old, "home": settings.home}), err=True)


@data_grp.command("migrate")
def data_migrate_cmd() -> None:
    """把旧的 ./data（工作目录或程序目录中）迁移到数据目录，原目录改名保留。"""
    from assistant.persistence.datadir import REPO, migrate, old_data_dir

    settings = _settings()
    old = old_data_dir(settings)
    if old is None:
        click.echo(fmt_message("data_dir_nothing", {"old": f"{Path.cwd() / 'data'}, {REPO / 'data'}"}), err=True)
        sys.exit(EXIT_FAILED)
    try:
        backup = migrate(settings, old)
    except FileExistsError:
        click.echo(fmt_message("data_dir_not_empty", {"home": settings.home, "old": old}), err=True)
        sys.exit(EXIT_FAILED)
    click.echo(fmt_message("data_dir_migrated", {"old": old, "home": settings.home, "backup": backup}))


def main() -> None:
    """Console-script entry."""
    cli(standalone_mode=True)


if __name__ == "__main__":
    main()
