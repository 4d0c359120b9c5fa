"""Unit names, administrative divisions, report-year inference and format detection."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.meta import detect_format, infer_year, split_admin, unit_profile


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
    profile = unit_profile("杭州市西湖区转塘街道2024年政府信息公开工作年度报告", "", "")
    assert (profile.level, profile.organ_name, profile.city) == ("街道", "转塘街道办事处", "杭州市")


@pytest.mark.parametrize(
    ("title", "preamble", "body", "closing", "expected"),
    [
        ("某镇2023年政府信息公开工作年度报告", "", "2022年以来", None, (2023, "title")),
        ("某镇政府信息公开工作年度报告", "本报告所列数据统计期限为2021年1月1日至12月31日。", "2020年以来", None, (2021, "period")),
        ("某镇政府信息公开工作年度报告", "", "2019年以来，我镇", dt.date(2021, 1, 3), (2019, "text")),
        ("某镇政府信息公开工作年度报告", "", "无", dt.date(2024, 1, 20), (2023, "closing")),
        ("某镇政府信息公开工作年度报告", "", "无", None, (None, "")),
    ],
)
def test_infer_year_order(title, preamble, body, closing, expected):
    assert infer_year(title, preamble, body, closing) == expected


def test_detect_format():
    assert detect_format("信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规范性文件") == "2019"
    assert detect_format("信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n行政规范性文件") == "2021"
