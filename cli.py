"""The `nianbao` command: a thin front door over assistant/, ingest/ and vectorstore/."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import click

from assistant.errors import (EmptyFileError, InputFileError, MalformedJsonError, ModelValidationError,
                              ReportError)
from assistant.findings import Severity, has_error
from assistant.messages_zh import MESSAGES, zh
from assistant.settings import Settings, load_settings


# Errors about the input file itself (exit code 2, like a usage error).
InputErrors = (EmptyFileError, InputFileError, MalformedJsonError, ModelValidationError)


def _settings(**overrides: object) -> Settings:
    return load_settings(**{k: v for k, v in overrides.items() if v is not None})


def _fail(err: ReportError, code: int = 1) -> None:
    click.echo(zh(err), err=True)
    sys.exit(code)


@click.group()
@click.version_option("0.1.0", prog_name="nianbao")
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
def new_cmd(unit: str, year: int, county: str, city: str, province: str, from_last: Optional[Path],
            output: Optional[Path]) -> None:
    """生成一份填报模板（JSON，空白单元格为 null）。"""
    from assistant.carry import carry_forward
    from assistant.report_io import load_report, save_report
    from assistant.templates import new_report

    report = new_report(unit, year, county=county, city=city, province=province)
    if from_last:
        try:
            carried = carry_forward(load_report(from_last))
        except ReportError as err:
            _fail(err, 2)
        report = carried.model_copy(update={"profile": report.profile, "title": report.title})
    path = output or Path(f"{report.profile.short_name}_{year}.json")
    save_report(report, path)
    click.echo(MESSAGES["new_written"].format(path=path))


@cli.command("schema")
def schema_cmd() -> None:
    """打印报告数据文件的 JSON Schema。"""
    from assistant.report import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "html"]), default="table")
@click.option("--deadline", default=None, help="公开截止日期 MM-DD（默认 01-31）")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="上年报告（任意支持的格式），用于跨年度核对（X-1/X-2/X-3）")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="其他单位名称表（每行一个），正文出现即提示（UNIT-1）")
@click.option("--rules", "list_rules", is_flag=True, help="列出全部检查规则")
def check_cmd(paths: tuple[Path, ...], fmt: str, deadline: Optional[str], previous: Optional[Path],
              gazetteer: Optional[Path], list_rules: bool) -> None:
    """检查报告（.json 数据文件，或 .txt/.docx/.pdf/.html 报告）。有错误时退出码为1，无法读取为2。"""
    from assistant import review

    if list_rules:
        for info in review.rule_infos():
            click.echo(f"{info.rule}\t{MESSAGES.get('severity:' + info.severity.value)}\t{info.doc}")
        return
    if not paths:
        raise click.UsageError("请给出要检查的文件或文件夹。")
    settings = _settings(deadline=deadline)
    try:
        options = review.options_from_files(settings, previous=previous, gazetteer=gazetteer)
    except ReportError as err:
        _fail(err, 2)
    files = list(review.expand_paths(paths))
    with click.progressbar(length=len(files), label="检查", file=sys.stderr, show_pos=True) as bar:
        results = []
        for result in review.review_paths(files, settings, **options):
            results.append(result)
            bar.update(1)
    click.echo(review.render(results, fmt))
    if any(r.error for r in results):
        if fmt != "table":  # the table already shows the reasons
            for r in results:
                if r.error:
                    click.echo(f"{r.file}：{r.error}", err=True)
        sys.exit(2)
    sys.exit(1 if any(has_error(r.findings) for r in results) else 0)


@cli.command("draft")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--section", type=click.Choice(["overview", "problems", "all"]), default="all")
@click.option("--backend", type=click.Choice(["builtin", "llm"]), default=None, help="默认取配置（builtin）")
@click.option("--variant", type=click.IntRange(0, 99), default=0, help="换一种写法：0、1、2…")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md")
@click.option("--no-library", is_flag=True, help="不检索资料库中的相似表述")
def draft_cmd(path: Path, section: str, backend: Optional[str], variant: int, fmt: str, no_library: bool) -> None:
    """根据报告数据起草“一、总体情况”和“五、存在的主要问题及改进情况”。"""
    from assistant.draft import draft_sections, draft_to_markdown
    from assistant.report_io import load_report

    settings = _settings(backend=backend)
    try:
        report = load_report(path)
        drafts = draft_sections(report, section, settings=settings, variant=variant,
                                **_library_context(settings, enabled=not no_library))
    except ReportError as err:
        _fail(err, 2 if isinstance(err, InputErrors) else 1)
    if fmt == "json":
        payload = [d.to_json_dict() for d in drafts]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(draft_to_markdown(d) for d in drafts))


def _library_context(settings: Settings, enabled: bool = True) -> dict[str, object]:
    """Retrieval and the gazetteer of other units for drafting, when a library exists."""
    if not enabled:
        return {}
    from assistant.library_context import drafting_context

    return drafting_context(settings)


@cli.command("parse")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json")
def parse_cmd(path: Path, fmt: str) -> None:
    """把一份往年报告（.txt/.docx/.pdf/.html/.doc）解析为报告数据（JSON），可用作上年数据或送检。"""
    from assistant.report_io import report_to_json
    from ingest.parse import parse_file

    try:
        report = parse_file(path, _settings())
    except ReportError as err:
        _fail(err, 2)
    click.echo(report_to_json(report))


@cli.group("models")
def models_grp() -> None:
    """向量模型：生成内置中文模型。"""


@models_grp.command("build")
@click.option("--force", is_flag=True, help="重新生成（会改变模型标识，需重新导入资料库）")
def models_build_cmd(force: bool) -> None:
    """离线生成内置中文向量模型（缓存于 ~/.cache/nianbao，已生成则直接使用）。"""
    from vectorstore.embeddings import get_embedder
    from vectorstore.static_model import ensure_default_model

    settings = _settings()
    path = ensure_default_model(settings, force=force)
    click.echo(f"{path}\t{get_embedder(settings).model_id}")


def main() -> None:
    """Console-script entry: ReportErrors become one Chinese line and exit code 1."""
    try:
        cli(standalone_mode=True)
    except ReportError as err:
        _fail(err)


if __name__ == "__main__":
    main()
