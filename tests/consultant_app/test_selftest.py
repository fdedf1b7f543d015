"""The core half of `--self-test`: every check passes here, and any broken piece fails the run."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

import consultant_app.catalogue
import consultant_app.services.contacts
from consultant_app import __version__
from consultant_app.selftest import (
    CORE_CHECKS,
    Check,
    SelfTest,
    SelfTestError,
    check_search,
    check_sqlite,
    run_self_test,
)


def report(
    data_dir: Path | None = None, checks: Sequence[tuple[str, Check]] = CORE_CHECKS
) -> tuple[int, list[str]]:
    """Run the self-test; its exit status and the lines it printed."""
    out = io.StringIO()
    status = run_self_test(data_dir=data_dir, checks=checks, out=out)
    return status, out.getvalue().splitlines()


def test_every_core_check_passes_on_a_fresh_folder(data_dir: Path) -> None:
    status, lines = report(data_dir=data_dir)
    assert status == 0, lines
    assert lines[0].startswith(f"Showroom Desk {__version__} self-test")
    assert f"SQLite {sqlite3.sqlite_version}" in lines
    passed = [line.split(":", 1)[0].removeprefix("PASS ") for line in lines if line[:5] == "PASS "]
    assert passed == [name for name, _ in CORE_CHECKS]
    assert not [line for line in lines if line.startswith("FAIL")]
    assert lines[-1] == "Self-test passed."


def test_without_a_folder_the_run_uses_a_temporary_one_and_removes_it() -> None:
    status, lines = report()
    assert status == 0, lines
    prefix = "Data folder (temporary): "
    folder = Path(next(line for line in lines if line.startswith(prefix)).removeprefix(prefix))
    assert not folder.exists()


def test_a_broken_shipped_catalogue_fails_the_run(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "resources"
    (broken / "catalogue").mkdir(parents=True)
    (broken / "catalogue" / "vehicles.json").write_text('{"models": [', encoding="utf-8")
    monkeypatch.setattr(consultant_app.catalogue, "resources_dir", lambda: broken)

    status, lines = report(data_dir=data_dir)

    assert status == 1
    failed = [line for line in lines if line.startswith("FAIL")]
    assert len(failed) == 1 and failed[0].startswith("FAIL catalogue: CatalogueError")
    assert "PASS phone numbers: 13812345678 → +8613812345678" in lines  # later checks still ran
    assert lines[-1] == "Self-test FAILED."


def test_a_check_that_raises_is_reported_logged_and_the_next_still_runs(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(_run: SelfTest) -> str:
        raise RuntimeError("the plugin is missing")

    status, lines = report(
        data_dir=data_dir, checks=[("boom", boom), ("after", lambda _run: "fine")]
    )

    assert status == 1
    assert "FAIL boom: RuntimeError: the plugin is missing" in lines
    assert "PASS after: fine" in lines
    [record] = [r for r in caplog.records if r.name == "consultant_app.selftest"]
    assert record.exc_info is not None  # the traceback is kept for whoever reads the log


def test_an_sqlite_older_than_3_34_fails(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    with pytest.raises(SelfTestError, match=r"older than 3\.34\.0"):
        check_sqlite(SelfTest(data_dir))


def test_search_fails_when_names_have_no_pinyin(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a build without pypinyin's dictionaries would store for 张伟.
    monkeypatch.setattr(consultant_app.services.contacts, "pinyin_keys", lambda _name: ("", ""))
    run = SelfTest(data_dir)
    try:
        with pytest.raises(SelfTestError, match="searching 'zw' did not find 张伟"):
            check_search(run)
    finally:
        run.close()
