"""Channel counts listed in one clause each get their own figure."""

from ingest.facts import extract_facts


def test_counts_listed_after_qizhong_are_split_per_channel() -> None:
    overview = "（一）主动公开\n本年度我镇主动公开政府信息513条，其中门户网站专栏133条、微信公众号372条、公开栏8条。"
    facts = extract_facts(overview, "", "")
    assert (facts.active_total, facts.website_count, facts.wechat_count, facts.bulletin_count) == (513, 133, 372, 8)
