"""`consultant-app --self-test` from a checkout: the whole report, core and Qt, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from consultant_app.selftest import CORE_CHECKS

QT_CHECKS = ["qt platform", "qt imports", "translations", "qt translations", "chinese fonts"]


def consultant_app_command() -> list[str]:
    """The installed console script, or the module when the project is not installed."""
    script = Path(sys.executable).parent / "consultant-app"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ui"]


def self_test(platform: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*consultant_app_command(), "--self-test"],
        cwd=cwd,
        env={**os.environ, "QT_QPA_PLATFORM": platform},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_self_test_command_passes_every_check_offscreen(tmp_path: Path) -> None:
    done = self_test("offscreen", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert not [line for line in lines if line.startswith("FAIL")]
    passed = {line[5:].split(":", 1)[0] for line in lines if line.startswith("PASS ")}
    assert passed == {name for name, _ in CORE_CHECKS} | {*QT_CHECKS, "main window", "demo server"}
    assert "PASS qt platform: offscreen" in done.stdout
    assert lines[-1] == "Self-test passed."


def test_a_platform_without_chinese_fonts_fails_the_run(tmp_path: Path) -> None:
    # QT_QPA_PLATFORM wins over the offscreen default (CI runs the build's test with xcb), and
    # Qt's "minimal" platform has no font database: the fonts check must say so.
    done = self_test("minimal", tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "PASS qt platform: minimal" in done.stdout
    assert "FAIL chinese fonts: SelfTestError: no installed font supports Simplified Chinese" in (
        done.stdout.splitlines()
    )
    assert done.stdout.splitlines()[-1] == "Self-test FAILED."
