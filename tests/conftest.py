"""Test set-up shared by the whole suite: headless Qt, and GUI tests marked as such."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/ui as a GUI test (as qutebrowser does)."""
    for item in items:
        if (TESTS / "ui") in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)
