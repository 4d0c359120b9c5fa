"""A made-up county written under a real city or province keeps the province and city (the 示例 library's
reports are placed this way, so a clerk who fills 所属省份 still finds them)."""

from __future__ import annotations

import pytest

from ingest.parse import parse_text

BODY = ("\n一、总体情况\n本年度主动公开政府信息20条。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n无。\n")


@pytest.mark.parametrize(("title", "expected"), [
    ("浙江省丽水市临溪县青禾镇人民政府2024年政府信息公开工作年度报告", ("浙江省", "丽水市", "临溪县")),
    ("丽水市临溪县青禾镇人民政府2024年政府信息公开工作年度报告", ("", "丽水市", "临溪县")),
    ("重庆市巫岭县新垭乡人民政府2021年政府信息公开工作年度报告", ("重庆市", "", "巫岭县")),
])
def test_unknown_county_under_a_known_city_keeps_the_divisions(title: str, expected: tuple[str, str, str]) -> None:
    profile = parse_text(title + BODY).profile
    assert (profile.province, profile.city, profile.county) == expected
    assert profile.short_name in ("青禾镇", "新垭乡")


def test_a_made_up_city_does_not_make_a_county() -> None:
    profile = parse_text("某省丽川市临溪县青禾镇人民政府2024年政府信息公开工作年度报告" + BODY).profile
    assert (profile.province, profile.city) == ("", "") and profile.county in ("", "临溪县")
