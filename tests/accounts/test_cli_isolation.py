"""Isolation through the CLI: every report command acts as a verified account under the same policy.
Role × command × another unit's report: exit 2, a Chinese refusal, none of the report's data."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.accounts.policy import Action
from assistant.accounts.workflow import step
from assistant.persistence.password import FREE_FAILURES
from cli import cli
from tests.accounts.conftest import County, password

MARK = "绿水镇独有的一句话"


def run(args: list[str], user: str | None = None, given: str | None = None, stdin: str | None = None):
    env = {"NIANBAO_USER_PASSWORD": given if given is not None else password(user)} if user else {}
    return CliRunner().invoke(cli, args + (["--user", user] if user else []), env=env, input=stdin)


@pytest.fixture
def lvshui(county: County) -> int:
    rid = county.reports["lvshui"]
    report = county.store.load_report(rid)
    report.sections.overview = MARK
    county.store.save_report(rid, report)
    step(county.store, county.users["lvshui"], rid, Action.SUBMIT)
    return rid


COMMANDS = {"show": [], "submit": [], "return": ["--comment", "不行"], "approve": []}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("actor", ["qingshan", "baiyun_qingshan", "review_by"])
def test_other_units_report_is_refused(county: County, lvshui: int, actor: str, command: str) -> None:
    before = county.store.current_hash(lvshui)
    result = run(["reports", command, str(lvshui), *COMMANDS[command]], actor)
    assert result.exit_code == 2, result.output
    assert "无权" in result.output and MARK not in result.output
    assert county.store.current_hash(lvshui) == before
    listed = run(["reports", "list", "--format", "json"], actor)
    assert listed.exit_code == 0 and lvshui not in [r["id"] for r in json.loads(listed.output)]


def test_a_draft_is_not_the_reviewers(county: County) -> None:
    rid = county.reports["qingshan"]
    for command in ("show", "approve"):
        result = run(["reports", command, str(rid)], "review_qs")
        assert result.exit_code == 2 and "无权" in result.output


def test_no_login_no_reports(county: County, lvshui: int) -> None:
    result = run(["reports", "show", str(lvshui)])
    assert result.exit_code == 2 and "--user" in result.output and MARK not in result.output


def test_wrong_passwords_wait(county: County) -> None:
    for _ in range(FREE_FAILURES):
        result = run(["reports", "list"], "qingshan", given="wrong")
        assert result.exit_code == 2 and "账号或密码不正确" in result.output
    result = run(["reports", "list"], "qingshan")
    assert result.exit_code == 2 and "登录失败次数过多" in result.output


def test_the_workflow_from_the_cli(county: County, lvshui: int) -> None:
    rid = county.reports["qingshan"]
    assert run(["reports", "submit", str(rid)], "qingshan").exit_code == 0
    rows = json.loads(run(["reports", "list", "--format", "json"], "review_qs").output)
    assert sorted(r["id"] for r in rows) == sorted([rid, lvshui])
    result = run(["reports", "return", str(rid), "--comment", "表三合计不符，请核对。"], "review_qs")
    assert result.exit_code == 0 and "已提交 → 已退回" in result.output
    assert run(["reports", "approve", str(rid)], "review_qs").exit_code == 2  # not submitted now
    shown = run(["reports", "show", str(rid)], "qingshan", stdin=password("qingshan") + "\n")
    assert shown.exit_code == 0 and json.loads(shown.output)["profile"]["short_name"] == "青山镇"
    assert run(["reports", "submit", str(rid), "--password-stdin"], "qingshan", given="",
               stdin=password("qingshan") + "\n").exit_code == 0
    assert run(["reports", "approve", str(rid)], "review_qs").exit_code == 0
    assert run(["reports", "submit", str(rid)], "qingshan").exit_code == 2  # approved: nothing more to submit


def test_users_commands(settings) -> None:
    assert "单机模式" in CliRunner().invoke(cli, ["users", "list"]).output
    added = CliRunner().invoke(cli, ["users", "add", "boss", "--role", "admin", "--password-stdin"], input="s3cret\n")
    assert added.exit_code == 0 and "s3cret" not in added.output
    bad = CliRunner().invoke(cli, ["users", "add", "x", "--role", "clerk", "--password-stdin"], input="pw\n")
    assert bad.exit_code == 2 and "所属单位" in bad.output
    again = CliRunner().invoke(cli, ["users", "add", "boss", "--role", "admin", "--password-stdin"], input="pw\n")
    assert again.exit_code == 2 and "已存在" in again.output
    assert CliRunner().invoke(cli, ["users", "reset-password", "boss", "--password-stdin"], input="new\n").exit_code == 0
    assert CliRunner().invoke(cli, ["users", "disable", "boss"]).exit_code == 0
    listed = json.loads(CliRunner().invoke(cli, ["users", "list", "--format", "json"]).output)
    assert listed == [{"id": 1, "name": "boss", "role": "admin", "unit": "", "county": "", "active": False}]
    assert CliRunner().invoke(cli, ["users", "disable", "nobody"]).exit_code == 2


def test_import_binds_to_the_clerks_unit(county: County, tmp_path) -> None:
    from assistant.accounts.policy import scope_of
    from assistant.persistence.report_files import save_report
    from assistant.tables.templates import new_report

    path = tmp_path / "绿水镇_2024.json"
    save_report(new_report("绿水镇", 2024, county="白云县"), path)  # the file names another unit
    result = run(["reports", "import", str(path)], "qingshan")
    assert result.exit_code == 0, result.output
    rid = int(result.output.split("报告编号")[1].strip(" 。\n"))
    assert (scope_of(county.store, rid).unit, scope_of(county.store, rid).county) == ("青山镇", "清水县")
    refused = run(["reports", "import", str(path)], "review_qs")
    assert refused.exit_code == 2 and "只有填报人可以新建" in refused.output


def test_single_user_mode_reads_without_login_and_has_no_workflow(settings) -> None:
    from assistant.persistence.drafts_db import Store
    from assistant.tables.templates import new_report

    rid = Store.from_settings(settings).create_report(new_report("青山镇", 2024))
    assert json.loads(run(["reports", "show", str(rid)]).output)["profile"]["short_name"] == "青山镇"
    result = run(["reports", "submit", str(rid)])
    assert result.exit_code == 2 and "县级服务器" in result.output
