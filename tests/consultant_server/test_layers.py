"""The server stays free of Qt and of the client's UI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import consultant_server

ROOT = Path(__file__).resolve().parents[2]
#: Alembic runs these itself; importing them outside a migration is meaningless.
NOT_IMPORTABLE = {"consultant_server.migrations.env", "consultant_server.__main__"}
FORBIDDEN = {"PySide6", "shiboken6", "ui"}


def server_modules() -> list[str]:
    return ["consultant_server"] + [
        info.name
        for info in pkgutil.walk_packages(consultant_server.__path__, prefix="consultant_server.")
        if info.name not in NOT_IMPORTABLE
    ]


def test_the_walk_finds_the_whole_server() -> None:
    assert {
        "consultant_server.main",
        "consultant_server.cli",
        "consultant_server.api.deps",
        "consultant_server.api.routes.auth",
        "consultant_server.services.changelog",
        "consultant_server.core.db",
    } <= set(server_modules())


def test_importing_every_server_module_loads_no_qt_and_no_ui() -> None:
    modules = server_modules()
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_import_contract_for_the_server_is_kept() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "The server imports no Qt, no UI, and of the client only its Qt-free core KEPT" in (
        result.stdout
    ), result.stdout
