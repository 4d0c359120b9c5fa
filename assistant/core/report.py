"""The report model: one 政府信息公开工作年度报告 as every part of nianbao sees it.

Field comments are the glossary between English names and the official labels
(see assistant/core/labels.py for the exact table wording). A blank cell is ``None``, never 0:
CELL-1 reports it. Ranges live here; 勾稽 relationships live in rules.py, so a report whose
numbers disagree can still be loaded, shown and fixed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.core.labels import SECTION_KEYS

SCHEMA_VERSION = 1

Count = Annotated[int, Field(ge=0, le=10_000_000)]
Cell = Count | None  # None = left blank in the source
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=4)] | None
Level = Literal["乡", "镇", "街道"]
FormatVersion = Literal["2021", "2019"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class UnitProfile(_Model):
    """Who reports, and for which year."""

    organ_name: str = ""  # 机关全称, e.g. 某某县某某镇人民政府
    short_name: str = ""  # 简称, e.g. 某某镇
    level: Level | None = None  # 乡 / 镇 / 街道
    county: str = ""  # 县（市、区）
    city: str = ""  # 市（州）
    province: str = ""  # 省（自治区、直辖市）
    report_year: Annotated[int, Field(ge=2008, le=2100)] | None = None  # 报告年度 Y


# ---------------------------------------------------------------- table 二
class DocCounts(_Model):
    issued: Cell = None  # 本年制发件数
    abolished: Cell = None  # 本年废止件数
    in_force: Cell = None  # 现行有效件数


class Decisions(_Model):
    decisions: Cell = None  # 本年处理决定数量


class Fees(_Model):
    amount_wan: Money = None  # 本年收费金额（单位：万元）


class Art20_1(_Model):
    regulations: DocCounts = Field(default_factory=DocCounts)  # 规章
    normative_docs: DocCounts = Field(default_factory=DocCounts)  # 行政规范性文件


class Art20_5(_Model):
    admin_license: Decisions = Field(default_factory=Decisions)  # 行政许可


class Art20_6(_Model):
    admin_penalty: Decisions = Field(default_factory=Decisions)  # 行政处罚
    admin_coercion: Decisions = Field(default_factory=Decisions)  # 行政强制


class Art20_8(_Model):
    admin_fees: Fees = Field(default_factory=Fees)  # 行政事业性收费


class Table2(_Model):
    """二、主动公开政府信息情况: 9 cells."""

    art20_1: Art20_1 = Field(default_factory=Art20_1)  # 第二十条第（一）项
    art20_5: Art20_5 = Field(default_factory=Art20_5)  # 第二十条第（五）项
    art20_6: Art20_6 = Field(default_factory=Art20_6)  # 第二十条第（六）项
    art20_8: Art20_8 = Field(default_factory=Art20_8)  # 第二十条第（八）项

    def cells(self) -> Iterator[tuple[str, str, str, object]]:
        """Yield (group, row, column, value) for all 9 cells."""
        for group in ("art20_1", "art20_5", "art20_6", "art20_8"):
            g = getattr(self, group)
            for row in type(g).model_fields:
                r = getattr(g, row)
                for col in type(r).model_fields:
                    yield group, row, col, getattr(r, col)


# ---------------------------------------------------------------- table 三
T3_COLS = ("natural_person", "commercial", "research", "public_welfare", "legal_service", "other_org", "total")
T3_COLS6 = T3_COLS[:6]


class T3Row(_Model):
    natural_person: Cell = None  # 自然人
    commercial: Cell = None  # 法人或其他组织·商业企业
    research: Cell = None  # 科研机构
    public_welfare: Cell = None  # 社会公益组织
    legal_service: Cell = None  # 法律服务机构
    other_org: Cell = None  # 其他
    total: Cell = None  # 总计

    @classmethod
    def zeros(cls) -> T3Row:
        return cls(**{c: 0 for c in T3_COLS})


def _row() -> T3Row:
    return T3Row()


class Table3(_Model):
    """三、收到和处理政府信息公开申请情况: 25 rows × 7 columns."""

    new_received: T3Row = Field(default_factory=_row)  # 一、本年新收政府信息公开申请数量
    carried_over: T3Row = Field(default_factory=_row)  # 二、上年结转政府信息公开申请数量
    granted: T3Row = Field(default_factory=_row)  # 三（一）予以公开
    partial: T3Row = Field(default_factory=_row)  # 三（二）部分公开
    d_state_secret: T3Row = Field(default_factory=_row)  # 三（三）1.属于国家秘密
    d_law_forbidden: T3Row = Field(default_factory=_row)  # 2.其他法律行政法规禁止公开
    d_3s1s: T3Row = Field(default_factory=_row)  # 3.危及“三安全一稳定”
    d_third_party: T3Row = Field(default_factory=_row)  # 4.保护第三方合法权益
    d_internal: T3Row = Field(default_factory=_row)  # 5.属于三类内部事务信息
    d_process: T3Row = Field(default_factory=_row)  # 6.属于四类过程性信息
    d_enforcement_file: T3Row = Field(default_factory=_row)  # 7.属于行政执法案卷
    d_admin_query: T3Row = Field(default_factory=_row)  # 8.属于行政查询事项
    u_not_held: T3Row = Field(default_factory=_row)  # 三（四）1.本机关不掌握相关政府信息
    u_need_create: T3Row = Field(default_factory=_row)  # 2.没有现成信息需要另行制作
    u_unclear: T3Row = Field(default_factory=_row)  # 3.补正后申请内容仍不明确
    n_petition: T3Row = Field(default_factory=_row)  # 三（五）1.信访举报投诉类申请
    n_repeat: T3Row = Field(default_factory=_row)  # 2.重复申请
    n_publication: T3Row = Field(default_factory=_row)  # 3.要求提供公开出版物
    n_mass_repeat: T3Row = Field(default_factory=_row)  # 4.无正当理由大量反复申请
    n_confirm: T3Row = Field(default_factory=_row)  # 5.要求行政机关确认或重新出具已获取信息
    o_no_correction: T3Row = Field(default_factory=_row)  # 三（六）1.逾期不补正
    o_no_fee: T3Row = Field(default_factory=_row)  # 2.逾期未缴纳费用
    o_other: T3Row = Field(default_factory=_row)  # 3.其他（2019 layout: the single （六）其他处理 row）
    total_processed: T3Row = Field(default_factory=_row)  # 三（七）总计
    carried_forward: T3Row = Field(default_factory=_row)  # 四、结转下年度继续办理

    def row(self, key: str) -> T3Row:
        return getattr(self, key)


T3_ROWS = tuple(Table3.model_fields)
# The 21 result rows that add up to （七）总计.
T3_SUB21 = tuple(r for r in T3_ROWS if r not in ("new_received", "carried_over", "total_processed", "carried_forward"))


# ---------------------------------------------------------------- table 四
T4_FIELDS = ("upheld", "corrected", "other", "pending", "total")


class T4Group(_Model):
    upheld: Cell = None  # 结果维持
    corrected: Cell = None  # 结果纠正
    other: Cell = None  # 其他结果
    pending: Cell = None  # 尚未审结
    total: Cell = None  # 总计


class Table4(_Model):
    """四、政府信息公开行政复议、行政诉讼情况: 3 groups × 5."""

    review: T4Group = Field(default_factory=T4Group)  # 行政复议
    lit_direct: T4Group = Field(default_factory=T4Group)  # 行政诉讼·未经复议直接起诉
    lit_after_review: T4Group = Field(default_factory=T4Group)  # 行政诉讼·复议后起诉


T4_GROUPS = tuple(Table4.model_fields)


# ---------------------------------------------------------------- narrative facts
class Channel(_Model):
    """A named disclosure channel with the number of items published there."""

    name: str  # e.g. 抖音号、村务公开栏
    count: Cell = None  # 发布条数


class NarrativeFacts(_Model):
    """What a clerk knows and the narrative sections state, apart from the tables."""

    active_total: Cell = None  # 主动公开政府信息总数（条）
    website_count: Cell = None  # 政府网站发布（条）
    wechat_count: Cell = None  # 微信公众号发布（条）
    bulletin_count: Cell = None  # 政务公开栏发布（期/条）
    other_channels: list[Channel] = Field(default_factory=list)  # 其他渠道
    website_name: str = ""  # 网站/专栏名称
    wechat_name: str = ""  # 微信公众号名称
    platform_names: list[str] = Field(default_factory=list)  # 其他平台名称
    applications_stated: Cell = None  # 正文所述收到依申请公开申请（件）
    applications_processed_stated: Cell = None  # 正文所述办结（件）
    leading_group: str = ""  # 领导小组/工作机构
    staff_count: Cell = None  # 专（兼）职工作人员（人）
    training_sessions: Cell = None  # 培训（次）
    training_participants: Cell = None  # 参训（人次）
    info_fee_count: Cell = None  # 收取信息处理费（件）
    info_fee_amount_yuan: Money = None  # 信息处理费金额（元）
    npc_suggestions: Cell = None  # 办理人大代表建议（件）
    cppcc_proposals: Cell = None  # 办理政协委员提案（件）
    assessment_result: str = ""  # 工作考核结果
    public_evaluation: str = ""  # 社会评议结果
    accountability: str = ""  # 责任追究结果
    last_year_problems: list[str] = Field(default_factory=list)  # 上年报告所列问题（整改清单）
    problems: list[str] = Field(default_factory=list)  # 本年存在的主要问题
    measures: list[str] = Field(default_factory=list)  # 下一年改进措施
    practices: list[str] = Field(default_factory=list)  # 经确认的工作做法（assistant/drafting/phrasebank/practices.toml 的键）
    topics: list[str] = Field(default_factory=list)  # 公开重点（本年重点公开的事项，如“惠农补贴发放”）
    notes: str = ""  # 其他说明


class Sections(_Model):
    """The six sections' body text (headings excluded)."""

    overview: str = ""  # 一、总体情况
    active: str = ""  # 二、主动公开政府信息情况 (text around the table, if any)
    requests: str = ""  # 三、收到和处理政府信息公开申请情况
    review_litigation: str = ""  # 四、政府信息公开行政复议、行政诉讼情况
    problems: str = ""  # 五、存在的主要问题及改进情况
    other: str = ""  # 六、其他需要报告的事项


class Closing(_Model):
    """落款."""

    organ: str = ""
    date: dt.date | None = None


class SourceInfo(_Model):
    """Where a parsed report came from and what the parser saw of its structure."""

    file: str = ""
    sha256: str = ""
    headings: list[str] = Field(default_factory=list)  # section headings as written, in order
    section_keys: list[str] = Field(default_factory=list)  # the keys found, in order of appearance
    year_inferred_from: str = ""  # title / period / text / closing
    warnings: list[str] = Field(default_factory=list)
    parser_version: int = 0  # the parser that read the file (0: before versions were recorded)
    preamble_heading: str = ""  # "引 言" when the 引言 has a heading of its own, as written


class Evidence(_Model):
    """One place in the text where a profile field was read."""

    source: str  # title / breadcrumb / page / preamble / body / compiled_by / address / contact / closing /
    # period / plan / file_name / gazetteer
    text: str  # as written (at most 80 characters)
    value: str = ""  # what this place says the field is


class FieldEvidence(_Model):
    """How sure the parser is of one profile field, and why."""

    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)
    candidates: list[str] = Field(default_factory=list)  # every value seen, best first


class ProfileEvidence(_Model):
    """Confidence and evidence beside ``UnitProfile`` (the profile's own fields keep their shape)."""

    short_name: FieldEvidence = Field(default_factory=FieldEvidence)
    level: FieldEvidence = Field(default_factory=FieldEvidence)
    county: FieldEvidence = Field(default_factory=FieldEvidence)
    city: FieldEvidence = Field(default_factory=FieldEvidence)
    province: FieldEvidence = Field(default_factory=FieldEvidence)
    report_year: FieldEvidence = Field(default_factory=FieldEvidence)


class AnnualReport(_Model):
    """One 政府信息公开工作年度报告."""

    schema_version: int = SCHEMA_VERSION
    format_version: FormatVersion = "2021"
    profile: UnitProfile = Field(default_factory=UnitProfile)
    title: str = ""
    preamble: str = ""
    sections: Sections = Field(default_factory=Sections)
    t2: Table2 = Field(default_factory=Table2)
    t3: Table3 = Field(default_factory=Table3)
    t4: Table4 = Field(default_factory=Table4)
    facts: NarrativeFacts = Field(default_factory=NarrativeFacts)
    closing: Closing = Field(default_factory=Closing)
    source: SourceInfo | None = None
    profile_evidence: ProfileEvidence | None = None  # set by the parser; None for typed or older reports

    @property
    def year(self) -> int | None:
        return self.profile.report_year

    def section_text(self, key: str) -> str:
        assert key in SECTION_KEYS, key
        return getattr(self.sections, key)

    def full_text(self) -> str:
        """Title, preamble, the six sections' text and the closing, joined."""
        parts = [self.title, self.preamble]
        parts += [getattr(self.sections, k) for k in SECTION_KEYS]
        parts.append(self.closing.organ)
        return "\n".join(p for p in parts if p)


def figure_text(value: object) -> str:
    """A figure as written in text and tables: 12, 0.35, 1.5 (a Decimal without trailing zeros)."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def json_schema() -> dict:
    """The documented JSON schema of a report file."""
    return AnnualReport.model_json_schema()


def content_hash(report: AnnualReport) -> str:
    """A stable hash of a report's content (used to skip re-saving unchanged state)."""
    return hashlib.sha256(report.model_dump_json().encode("utf-8")).hexdigest()
