"""The reviewer's letter is written from the workflow record: its comment, findings, reviewer and date."""

from __future__ import annotations

import docx

from assistant import messages_zh as words
from assistant.accounts.letters import write_transition_letter
from assistant.accounts.policy import Action
from assistant.accounts.workflow import step
from assistant.core.findings import Severity, make
from tests.accounts.conftest import County


def test_letter_of_a_return(county: County, tmp_path) -> None:
    rid = county.reports["qingshan"]
    step(county.store, county.users["qingshan"], rid, Action.SUBMIT)
    finding = make("T3-R1", Severity.ERROR, section="t3", location="t3.granted.total", row="（一）予以公开", total=1, sum=2)
    record = step(county.store, county.users["review_qs"], rid, Action.RETURN, comment="请核对表三。", findings=[finding])
    path = write_transition_letter(tmp_path, words, county.store.load_report(rid), "青山镇", record,  # type: ignore[arg-type]
                                   file="青山镇 2024年")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "审核人意见：请核对表三。" in text
    assert words.message(finding) in text
    assert "review_qs" in text and record.at[:4] + "年" in text
