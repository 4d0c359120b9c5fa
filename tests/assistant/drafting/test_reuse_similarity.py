"""Reused sentences must not repeat a point the draft already makes."""

from assistant.drafting.adapt import similar


def test_same_opening_clause_counts_as_the_same_point() -> None:
    a = "建立政府信息公开工作台账，对公开事项、发布时间和发布渠道进行登记，便于跟踪检查"
    b = "建立政府信息公开工作台账，对主动公开、依申请公开、政策解读等事项逐项登记，做到底数清楚、过程可查"
    assert similar(a, b)
    assert not similar("坚持发布前审核把关，重点核查敏感内容", "建立政府信息公开工作台账，对公开事项进行登记")
