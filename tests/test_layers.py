"""The core stays usable without a GUI: consultant_app imports no Qt and nothing from ui."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import consultant_app

ROOT = Path(__file__).resolve().parent.parent
#: Alembic's env.py is a script alembic runs with its own context, not a module to import.
NOT_IMPORTABLE = {"consultant_app.store.migrations.env"}
FORBIDDEN = {"PySide6", "shiboken6", "ui"}


def core_modules() -> list[str]:
    names = ["consultant_app"]
    for info in pkgutil.walk_packages(consultant_app.__path__, prefix="consultant_app."):
        if info.name not in NOT_IMPORTABLE:
            names.append(info.name)
    return names


def test_the_import_contract_is_kept() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The core imports no Qt and no UI KEPT" in result.stdout


def test_the_walk_finds_the_whole_core() -> None:
    modules = core_modules()
    for expected in (
        "consultant_app.services.contacts",
        "consultant_app.store.database",
        "consultant_app.store.queries",
        "consultant_app.domain.stages",
        "consultant_app.settings",
    ):
        assert expected in modules


def test_importing_every_core_module_loads_no_qt_and_no_ui() -> None:
    modules = core_modules()
    script = (
        "import importlib, sys\n"
        f"names = {modules!r}\n"
        "loaded = [importlib.import_module(name) for name in names]\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "assert not bad, bad\n"
        "print(len(loaded))\n"
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
    assert result.stdout.strip() == str(len(modules))
