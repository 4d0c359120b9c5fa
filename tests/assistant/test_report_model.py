"""The report model: JSON round trip, template, carry-forward and bad input as Chinese errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.core.errors import EmptyFileError, MalformedJsonError, ModelValidationError
from assistant.core.report import AnnualReport, T3Row
from assistant.messages_zh import zh
from assistant.persistence.report_files import load_report, report_from_json, report_to_json, save_report
from assistant.tables.carry import carry_forward
from assistant.tables.rules import table_findings
from assistant.tables.templates import new_report
from tests.assistant.test_rules import clean_report


def test_json_round_trip_keeps_blanks_as_null(tmp_path: Path) -> None:
    r = clean_report()
    r.t3.granted.research = None
    r.t2.art20_8.admin_fees.amount_wan = Decimal("1.25")
    save_report(r, tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["t3"]["granted"]["research"] is None
    back = load_report(tmp_path / "r.json")
    assert back == r and back.t2.art20_8.admin_fees.amount_wan == Decimal("1.25")


def test_template_is_blank_not_zero() -> None:
    r = new_report("青禾镇", 2024, county="示例县")
    assert r.profile.organ_name == "青禾镇人民政府" and r.profile.level == "镇"
    assert r.title == "青禾镇人民政府2024年政府信息公开工作年度报告"
    assert r.t3.new_received.total is None and r.t4.review.total is None
    assert new_report("云溪街道", 2024).profile.organ_name == "云溪街道办事处"
    assert new_report("石岭乡人民政府", 2023).profile.short_name == "石岭乡"
    # a template round-trips through its own file format
    assert report_from_json(report_to_json(r)) == r


def test_carry_forward() -> None:
    this_year = clean_report()
    this_year.profile.short_name = "青禾镇"
    this_year.facts.problems = ["公开内容不够全面", "解读形式单一"]
    this_year.t3.carried_forward = T3Row(natural_person=2, commercial=1, research=0, public_welfare=0,
                                         legal_service=0, other_org=0, total=3)
    nxt = carry_forward(this_year)
    assert nxt.profile.report_year == 2025 and nxt.profile.short_name == "青禾镇"
    assert nxt.t3.carried_over == this_year.t3.carried_forward
    assert nxt.t3.new_received.total is None  # this year's figures start blank
    assert nxt.t2.art20_1.normative_docs.in_force == 7 and nxt.t2.art20_1.normative_docs.issued is None
    assert nxt.facts.last_year_problems == ["公开内容不够全面", "解读形式单一"] and nxt.facts.problems == []
    # X-1 holds by construction once the carried columns are compared
    assert not [f for f in table_findings(nxt, this_year) if f.rule == "X-1"]


def _errors(text: str) -> list[str]:
    with pytest.raises(ModelValidationError) as exc:
        report_from_json(text, file="r.json")
    return zh(exc.value).splitlines()


def _valid_dict() -> dict:
    return json.loads(report_to_json(clean_report()))


def test_negative_number_names_the_cell() -> None:
    data = _valid_dict()
    data["t3"]["granted"]["commercial"] = -2
    lines = _errors(json.dumps(data))
    assert "1 处填写有误" in lines[0]
    assert lines[1] == "表三“（一）予以公开”行“商业企业”列：不能为负数，填写的是 -2"


def test_text_in_number_cell_names_the_cell() -> None:
    data = _valid_dict()
    data["t4"]["lit_direct"]["pending"] = "两件"
    data["t2"]["art20_8"]["admin_fees"]["amount_wan"] = "很多"
    lines = _errors(json.dumps(data, ensure_ascii=False))
    assert "表四“行政诉讼·未经复议直接起诉·尚未审结”：应填写整数，填写的是 “两件”" in lines
    assert any(line.startswith("表二第二十条第（八）项“行政事业性收费·本年收费金额（单位：万元）”：应填写数字") for line in lines)


def test_missing_row_names_the_row() -> None:
    data = _valid_dict()
    del data["t3"]["carried_forward"]
    del data["t4"]["review"]["pending"]
    lines = _errors(json.dumps(data))
    assert "表三“四、结转下年度继续办理”行：缺少此项" in lines
    assert "表四“行政复议·尚未审结”：缺少此项" in lines


def test_malformed_and_empty_json() -> None:
    with pytest.raises(MalformedJsonError) as exc:
        report_from_json('{"t3": [', file="r.json")
    assert "不是有效的 JSON" in zh(exc.value) and "第 1 行" in zh(exc.value)
    with pytest.raises(EmptyFileError) as exc2:
        report_from_json("  ", file="r.json")
    assert "是空的" in zh(exc2.value)


def test_fractional_count_and_unknown_level() -> None:
    data = _valid_dict()
    data["t3"]["granted"]["natural_person"] = 1.5
    data["profile"]["level"] = "村"
    lines = _errors(json.dumps(data))
    assert any("（一）予以公开" in line and "不能有小数" in line for line in lines)
    assert any(line.startswith("基本信息·单位层级（乡/镇/街道）：只能是") for line in lines)


def test_schema_documents_official_labels() -> None:
    from assistant.core.report import json_schema

    schema = json.dumps(json_schema(), ensure_ascii=False)
    assert "Table3" in schema and "T3Row" in schema
    assert AnnualReport.model_fields["t3"].annotation.__name__ == "Table3"
