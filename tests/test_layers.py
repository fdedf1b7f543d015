"""The layers hold: the core and the server import no Qt and no UI; the core not the server."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Layer:
    package: str
    forbidden: frozenset[str]
    #: Scripts Alembic or Python run themselves; importing them on their own is meaningless.
    not_importable: frozenset[str]
    expected: frozenset[str]
    contract: str


LAYERS = [
    Layer(
        "consultant_app",
        frozenset({"PySide6", "shiboken6", "ui", "consultant_server"}),
        frozenset({"consultant_app.store.migrations.env"}),
        frozenset(
            {
                "consultant_app.services.contacts",
                "consultant_app.store.database",
                "consultant_app.store.queries",
                "consultant_app.sync.engine",
                "consultant_app.settings",
            }
        ),
        "The core imports no Qt and no UI KEPT",
    ),
    Layer(
        "consultant_server",
        frozenset({"PySide6", "shiboken6", "ui"}),
        frozenset({"consultant_server.migrations.env", "consultant_server.__main__"}),
        frozenset(
            {
                "consultant_server.main",
                "consultant_server.cli",
                "consultant_server.api.deps",
                "consultant_server.services.changelog",
                "consultant_server.services.sync",
            }
        ),
        "The server imports no Qt, no UI, and of the client only its Qt-free core KEPT",
    ),
]
IDS = [layer.package for layer in LAYERS]


def modules(layer: Layer) -> list[str]:
    package = import_module(layer.package)
    return [layer.package] + [
        info.name
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{layer.package}.")
        if info.name not in layer.not_importable
    ]


def test_the_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for layer in LAYERS:
        assert layer.contract in result.stdout


@pytest.mark.parametrize("layer", LAYERS, ids=IDS)
def test_the_walk_finds_the_whole_package(layer: Layer) -> None:
    assert layer.expected <= set(modules(layer))


@pytest.mark.parametrize("layer", LAYERS, ids=IDS)
def test_importing_every_module_loads_nothing_forbidden(layer: Layer) -> None:
    names = modules(layer)
    script = (
        "import importlib, sys\n"
        f"names = {names!r}\n"
        "loaded = [importlib.import_module(name) for name in names]\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(layer.forbidden)!r})\n"
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
    assert result.stdout.strip() == str(len(names))
