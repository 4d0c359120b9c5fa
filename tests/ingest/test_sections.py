"""Section splitting, sub-parts, closing and normalisation on small texts with real-world variants."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.normalize import normalize_text
from ingest.sections import heading_key, overview_subparts, parse_date, split_report


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("一、总体情况", "overview"),
        (" 一、总体情况", "overview"),
        ("二、主动公开政务信息情况", "active"),
        ("三、收到和处理政府信息公开申请情况", "requests"),
        ("四、政务信息公开行政复议、行政诉讼情况", "review_litigation"),
        ("5、 存在的主要问题及改进情况", "problems"),
        ("六、其他需要报告的事项", "other"),
        ("\t四、结转下年度继续办理", None),
        ("一、本年新收政府信息公开申请数量", None),
        ("1、对政府信息公开工作难以配备专职人员，虽然明确了办公室作为责任部门。", None),
    ],
)
def test_heading_key(line, key):
    assert heading_key(line) == key


def test_runin_heading_and_closing():
    text = (
        "某某镇2024年政府信息公开工作年度报告\n前言。\n一、总体情况\n概述。\n二、主动公开政府信息情况\n"
        "三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
        "五、存在的主要问题及改进情况\n问题一。改进一。   六、其他需要报告的事项\n本年度未收取信息处理费。\n"
        "\n某某镇人民政府\n二〇二五年一月二十日\n"
    )
    split = split_report(normalize_text(text))
    assert split.title.startswith("某某镇2024年")
    assert split.preamble == ["前言。"]
    assert split.section_keys[-1] == "other"
    assert split.sections["problems"] == ["问题一。改进一。"]
    assert split.sections["other"] == ["本年度未收取信息处理费。"]
    assert (split.closing_organ, split.closing_date) == ("某某镇人民政府", dt.date(2025, 1, 20))


@pytest.mark.parametrize(
    ("text", "date"),
    [("2023年1月5日", dt.date(2023, 1, 5)), ("2023-01-05", dt.date(2023, 1, 5)), ("2023.1.5", dt.date(2023, 1, 5)),
     ("二〇二三年一月五日", dt.date(2023, 1, 5)), ("二〇二二年十二月三十一日", dt.date(2022, 12, 31)), ("无", None)],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_overview_subparts_mixed_numbering():
    text = "总述。\n（1） 主动公开情况\n发布51条。\n（2） 依申请公开\n受理0件。\n（三）政府信息管理情况\n管理。\n" \
           "（四）政府信息公开平台建设情况\n平台。\n（五）监督保障情况\n监督。"
    parts = overview_subparts(text)
    assert list(parts) == ["", "active", "requests", "management", "platform", "supervision"]
    assert parts["requests"] == "受理0件。" and parts[""] == "总述。"


def test_overview_subpart_with_text_on_heading_line():
    parts = overview_subparts("（一）主动公开。本年度公开12条。\n（二）依申请公开：未收到申请。")
    assert parts == {"active": "本年度公开12条。", "requests": "未收到申请。"}


def test_normalize_markers_spaces_and_wrapped_cells():
    raw = "[bookmark: _GoBack]一、总体情况\n\t商业\n企业\n\t结 果 维 持\n\t\xa00\n\t\n0\n[image: 截图]正文"
    assert normalize_text(raw).split("\n") == ["一、总体情况", "\t商业企业", "\t结果维持", "\t0", "\t0", "正文"]
