"""Structure checks (STRUCT-1 … STRUCT-9): the six sections, their headings, the title, 统计期限 and 落款."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.checks import patterns as P
from assistant.checks._base import CHECKS, CheckOptions, snippet, unit_name
from assistant.core.findings import Finding, Severity, make
from assistant.core.labels import SECTION_KEYS, SECTION_TITLES
from assistant.core.report import AnnualReport
from assistant.core.textpatterns import TITLE_ENDING, period_years
from assistant.core.unitname import canonical_title, normalise_organ

NARRATIVE_KEYS = ("overview", "problems", "other")  # sections whose content is text, not a table


def _num(key: str) -> str:
    return P.CN_NUM[SECTION_KEYS.index(key)]


def _headings(report: AnnualReport) -> list[tuple[str, str]]:
    """(key, heading as written) pairs the parser saw, in order; empty for drafts."""
    src = report.source
    if src is None or len(src.headings) != len(src.section_keys):
        return []
    return list(zip(src.section_keys, src.headings, strict=False))


def _norm_heading(text: str) -> str:
    body = P.HEADING_PREFIX.sub("", text, count=1)
    return P.HEADING_NORMALISE.sub("", body).replace("和", "、")


@CHECKS.rule("STRUCT-1", Severity.ERROR)
def sections_present(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """年度报告应包括一至六共六个部分：总体情况、主动公开、收到和处理申请、行政复议和诉讼、存在的主要问题及改进情况、其他需要报告的事项。"""
    found = set(report.source.section_keys) if report.source and report.source.section_keys else None
    for key in SECTION_KEYS:
        missing = found is not None and key not in found
        empty = key in NARRATIVE_KEYS and not report.section_text(key).strip()
        if missing or empty:
            yield make("STRUCT-1", Severity.ERROR, section=key, location=f"sections.{key}",
                       heading=SECTION_TITLES[key],
                       state_code="checks.state.missing" if missing else "checks.state.empty",
                       suggestion=SECTION_TITLES[key])


@CHECKS.rule("STRUCT-2", Severity.ERROR)
def sections_in_order(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """六个部分应按一、二、三、四、五、六的顺序排列，且每部分只出现一次。"""
    keys = list(report.source.section_keys) if report.source else []
    order = [SECTION_KEYS.index(k) for k in keys if k in SECTION_KEYS]
    if order != sorted(set(order)):
        written = [P.CN_NUM[i] for i in order]
        yield make("STRUCT-2", Severity.ERROR, section="", location="source.section_keys",
                   evidence="、".join(written), order=written)


@CHECKS.rule("STRUCT-3", Severity.ERROR)
def heading_numbers(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """各部分标题应以“一、”至“六、”编号（如“5、存在的主要问题及改进情况”为错误编号）。"""
    for key, heading in _headings(report):
        if key not in SECTION_KEYS:
            continue
        m = P.HEADING_PREFIX.match(heading)
        expected = _num(key) + "、"
        written = (m.group(1) + m.group(2)) if m else ""
        if written != expected:
            yield make("STRUCT-3", Severity.ERROR, section=key, location=f"source.headings.{key}",
                       evidence=snippet(heading, pad=0), expected=expected, written=written, **({} if written else {"written_code": "checks.no_number"}),
                       suggestion=SECTION_TITLES[key])


@CHECKS.rule("STRUCT-4", Severity.ERROR)
def heading_says_government(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """标题应使用“政府信息”，不得写作“政务信息”（如“二、主动公开政府信息情况”）。"""
    for key, heading in _headings(report):
        if key in SECTION_KEYS and "政务信息" in heading and "政府信息" in SECTION_TITLES[key]:
            yield make("STRUCT-4", Severity.ERROR, section=key, location=f"source.headings.{key}",
                       evidence=snippet(heading, pad=0), suggestion=SECTION_TITLES[key])


@CHECKS.rule("STRUCT-5", Severity.WARNING)
def heading_wording(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """各部分标题应与国办公开办函〔2021〕30号格式一致。"""
    for key, heading in _headings(report):
        if key not in SECTION_KEYS or "政务信息" in heading:
            continue  # STRUCT-4 reports 政务信息
        if _norm_heading(heading) != _norm_heading(SECTION_TITLES[key]):
            yield make("STRUCT-5", Severity.WARNING, section=key, location=f"source.headings.{key}",
                       evidence=snippet(heading, pad=0), suggestion=SECTION_TITLES[key])


@CHECKS.rule("STRUCT-6", Severity.ERROR)
def title_has_year(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """标题应为“{机关全称}{YYYY}年政府信息公开工作年度报告”，必须写明报告年度。"""
    if not report.title.strip():
        yield make("STRUCT-6", Severity.ERROR, section="title", location="title", state_code="checks.state.missing")
    elif not P.TITLE_YEAR.search(report.title):
        yield make("STRUCT-6", Severity.ERROR, section="title", location="title", state_code="checks.state.no_year",
                   evidence=snippet(report.title, pad=0), suggestion=_canonical_title(report))


@CHECKS.rule("STRUCT-7", Severity.WARNING)
def title_wording(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """标题应写作“……年政府信息公开工作年度报告”，不应写成“工作报告”“年报”或“政务信息公开”。"""
    title = P.HEADING_NORMALISE.sub("", report.title)
    if not title or P.TITLE_CANONICAL.search(title):
        return
    wrong: list = [["checks.title.word", {"word": w}] for w in P.TITLE_WRONG_WORDS if w in title]
    if not title.endswith(TITLE_ENDING) and not wrong:
        wrong = ["checks.title.ending"]
    if wrong:
        yield make("STRUCT-7", Severity.WARNING, section="title", location="title", problems_codes=wrong,
                   evidence=snippet(report.title, pad=0), suggestion=_canonical_title(report))


def _canonical_title(report: AnnualReport) -> str:
    organ = report.profile.organ_name or report.closing.organ.strip() or unit_name(report)
    return canonical_title(normalise_organ(organ), report.year)


@CHECKS.rule("STRUCT-8", Severity.WARNING)
def period_stated(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """报告应说明数据统计期限（YYYY年1月1日至12月31日）。"""
    text = report.full_text()
    if not P.PERIOD.search(text) and not period_years(text):
        year = report.year or "YYYY"
        yield make("STRUCT-8", Severity.WARNING, section="preamble", location="preamble",
                   suggestion=f"{year}年1月1日至{year}年12月31日")


@CHECKS.rule("STRUCT-9", Severity.ERROR)
def closing_present(report: AnnualReport, opts: CheckOptions) -> Iterator[Finding]:
    """报告末尾应有落款：发布机关名称和成文日期。"""
    if not report.closing.organ.strip():
        yield make("STRUCT-9", Severity.ERROR, section="closing", location="closing.organ",
                   part_code="checks.part.organ", suggestion=report.profile.organ_name)
    if report.closing.date is None:
        yield make("STRUCT-9", Severity.ERROR, section="closing", location="closing.date",
                   part_code="checks.part.date")
