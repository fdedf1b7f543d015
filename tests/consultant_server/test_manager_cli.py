"""Managers' commands: ``keyword-rule list|add|remove``, ``material stats`` and
``material prune-files``."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from consultant_server.models import User
from tests.consultant_server.material_support import png, publish, upload, use
from tests.consultant_server.support import START, FakeClock, TestClient, bearer, login, row_counts
from tests.consultant_server.sync_support import SyncDevice, create, new_id
from tests.consultant_server.test_cli import run


def test_a_manager_adds_lists_and_removes_keyword_rules_and_customers_are_tagged(
    database_url: str, engine: Engine, client: TestClient, team: dict[str, User]
) -> None:
    zhang = SyncDevice(client, "zhangwei")
    asked = new_id()
    zhang.push_ok(create(asked, remark="想了解迈腾的贷款方案"))
    url = ["--database-url", database_url]

    status, out = run(
        "keyword-rule", "add", "贷款", "分期", "--tag", "关注金融", "--manager", "wangfang", *url
    )
    assert status == 0 and out.endswith("贷款 / 分期 → 关注金融 (1 customer(s) tagged now)\n")
    rule_id = out.split()[2].rstrip(":")
    status, listed = run("keyword-rule", "list", "--manager", "zhangwei", *url)  # anyone reads
    assert status == 0 and listed == f"{rule_id}\t贷款 / 分期\t→ 关注金融\n"
    zhang.pull()
    assert zhang.tag_names(asked) == {"关注金融"}

    assert run("keyword-rule", "remove", rule_id, "--manager", "wangfang", *url) == (
        0,
        f"removed rule {rule_id} (the tags it gave stay)\n",
    )
    assert run("keyword-rule", "list", "--manager", "wangfang", *url) == (0, "")


def test_keyword_rule_commands_refuse_consultants_and_bad_rules_changing_nothing(
    database_url: str, engine: Engine, team: dict[str, User]
) -> None:
    url = ["--database-url", database_url]
    before = row_counts(engine)
    refused = run(
        "keyword-rule", "add", "迈腾", "--tag", "意向:迈腾", "--manager", "zhangwei", *url
    )
    assert refused == (1, "")
    too_long = run("keyword-rule", "add", "迈腾", "--tag", "意" * 80, "--manager", "wangfang", *url)
    assert too_long[0] == 1
    unknown = run("keyword-rule", "remove", new_id(), "--manager", "wangfang", *url)
    assert unknown[0] == 1
    assert row_counts(engine) == before


def test_material_stats_lists_copies_and_sends_per_material_most_used_first(
    database_url: str, client: TestClient, team: dict[str, User], clock: FakeClock
) -> None:
    manager = bearer(login(client, "wangfang"))
    answer = publish(client, manager, title="迈腾油耗多少？")
    publish(client, manager, title="首保免费吗？", body="首保免费")
    zhang, lina = SyncDevice(client, "zhangwei"), SyncDevice(client, "lina")
    zhang.push_ok(use(answer["id"], "copy", START), use(answer["id"], "send", START))
    lina.push_ok(use(answer["id"], "send", START))
    url = ["--database-url", database_url]

    status, out = run(
        "material", "stats", "--manager", "wangfang", "--until", "2025-03-03", "--days", "7", *url
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "company materials used 2025-02-25 to 2025-03-03, most used first"
    assert lines[1].split("\t")[3:5] == ["opens", "customers"]
    assert lines[2].split("\t") == [
        *("1", "2", "2", "0", "0"),
        *("2025-03-03 02:00", "qa", "迈腾油耗多少？"),
    ]
    assert lines[3].split("\t") == ["0", "0", "0", "0", "0", "-", "qa", "首保免费吗？"]
    earlier = run("material", "stats", "--manager", "wangfang", "--until", "2025-03-02", *url)
    assert earlier[1].splitlines()[2].split("\t")[:3] == ["0", "0", "0"]
    assert run("material", "stats", "--manager", "zhangwei", *url)[0] == 1  # managers only
    assert run("material", "stats", "--manager", "wangfang", "--days", "0", *url)[0] == 1


def test_prune_files_counts_in_a_dry_run_and_then_deletes(
    database_url: str, engine: Engine, client: TestClient, team: dict[str, User]
) -> None:
    manager = bearer(login(client, "wangfang"))
    upload(client, manager, png("red"), "image/png")  # never published
    live = upload(client, manager, png("green"), "image/png")
    publish(client, manager, kind="image", title="迈腾海报", body="", file_hash=live)
    url = ["--database-url", database_url]
    # The command runs on the real clock, long after the test server's 2025 uploads.
    assert run("material", "prune-files", "--dry-run", *url) == (
        0,
        f"would delete 1 file(s), {len(png('red')) / 1e6:.1f} MB"
        " (0 retired material(s) no longer keep theirs)\n",
    )
    assert row_counts(engine)["material_file"] == 2
    assert run("material", "prune-files", *url)[0] == 0
    assert row_counts(engine)["material_file"] == 1
    assert run("material", "prune-files", "--older-than-days", "-1", *url)[0] == 1
