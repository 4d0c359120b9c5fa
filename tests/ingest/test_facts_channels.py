"""Channel counts listed in one clause each get their own figure."""

from ingest.facts import extract_facts


def test_counts_listed_after_qizhong_are_split_per_channel() -> None:
    overview = "（一）主动公开\n本年度我镇主动公开政府信息513条，其中门户网站专栏133条、微信公众号372条、公开栏8条。"
    facts = extract_facts(overview, "", "")
    assert (facts.active_total, facts.website_count, facts.wechat_count, facts.bulletin_count) == (513, 133, 372, 8)


def test_problems_after_lead_in_lines_leave_out_last_years_fixes() -> None:
    from ingest.facts import problems_and_measures

    text = ("对上年报告中提出的问题，我乡逐项整改，目前均已整改到位：\n1、针对目录更新不及时的问题，重新梳理了公开目录。\n"
            "回顾全年工作，还存在以下问题：\n1、部分栏目更新滞后。\n2、服务类信息偏少。\n"
            "针对上述问题，2025年我乡将采取以下措施：\n1、建立信息报送台账。\n2、优化公众号栏目设置。")
    problems, measures = problems_and_measures(text)
    assert problems == ["部分栏目更新滞后", "服务类信息偏少"]
    assert measures == ["建立信息报送台账", "优化公众号栏目设置"]
