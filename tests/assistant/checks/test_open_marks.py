"""TEXT-8: all three of the assistant's own marks are errors, and a bare mark is located by its context."""

from __future__ import annotations

import pytest

from assistant.checks import check_report
from assistant.core.findings import Severity
from assistant.messages_zh import message
from tests.app.conftest import make_filled_report


@pytest.mark.parametrize("mark", ["【待补充：考核结果】", "【待核实：35份】", "【待确认：设置意见箱】", "【待补充】"])
def test_each_assistant_mark_is_an_error(mark: str) -> None:
    report = make_filled_report()
    report.sections.overview += "社会评议方面，发放问卷" + mark + "。"
    found = [f for f in check_report(report) if f.rule == "TEXT-8"]
    assert len(found) == 1 and found[0].severity == Severity.ERROR
    text = message(found[0])
    assert mark[1:4] in text and "：。" not in text  # a bare mark is named by the words before it
    if mark == "【待补充】":
        assert "发放问卷" in text
