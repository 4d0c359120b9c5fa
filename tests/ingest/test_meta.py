"""Unit names, administrative divisions, report-year inference and format detection."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.core.unitname import split_admin
from ingest.meta import detect_format
from ingest.parse import parse_text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("昌乐县乔官镇", ("", "", "昌乐县", "乔官镇")),
        ("沈阳市辽中区肖寨门镇", ("", "沈阳市", "辽中区", "肖寨门镇")),
        ("山东省潍坊市昌乐县乔官镇人民政府", ("山东省", "潍坊市", "昌乐县", "乔官镇")),
        ("新市镇", ("", "", "", "新市镇")),
        ("杭州市西湖区转塘街道办事处", ("", "杭州市", "西湖区", "转塘街道")),
    ],
)
def test_split_admin(name, expected):
    assert split_admin(name) == expected


def test_unit_profile_street_office():
    profile = parse_text("杭州市西湖区转塘街道2024年政府信息公开工作年度报告\n一、总体情况\n略。").profile
    assert (profile.level, profile.organ_name, profile.city) == ("街道", "转塘街道办事处", "杭州市")


@pytest.mark.parametrize(
    ("title", "preamble", "body", "closing", "expected"),
    [
        ("某镇2023年政府信息公开工作年度报告", "", "2022年以来", None, (2023, "title")),
        ("某镇政府信息公开工作年度报告", "本报告所列数据统计期限为2021年1月1日至12月31日。", "2020年以来", None, (2021, "period")),
        # a 落款 in January outweighs one "…年以来" in the body (the vote's confidence is low: META-2)
        ("某镇政府信息公开工作年度报告", "", "2019年以来，我镇", dt.date(2021, 1, 3), (2020, "closing")),
        ("某镇政府信息公开工作年度报告", "", "无", dt.date(2024, 1, 20), (2023, "closing")),
        ("某镇政府信息公开工作年度报告", "", "无", None, (None, "")),
    ],
)
def test_infer_year_order(title, preamble, body, closing, expected):
    closing_line = f"{closing.year}年{closing.month}月{closing.day}日" if closing else ""
    text = f"{title}\n{preamble}\n一、总体情况\n{body}\n某镇人民政府\n{closing_line}"
    assert parse_text(text).profile.report_year == expected[0]


def test_detect_format():
    assert detect_format("信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规范性文件") == "2019"
    assert detect_format("信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n行政规范性文件") == "2021"
