"""A real mouse drag on the kanban, through Qt's QDrag on the xcb platform inside Xvfb.

The offscreen platform used by the rest of the suite ends every QDrag at once, so the driver
(drag_driver.py) runs the main window on a virtual X server in a child process.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from consultant_app.store.database import DB_FILENAME

DRIVER = Path(__file__).with_name("drag_driver.py")
ROOT = Path(__file__).resolve().parents[2]
SCREEN = "-screen 0 1600x1000x24"


def _run_driver(data_dir: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    missing = [tool for tool in ("xvfb-run", "xauth") if shutil.which(tool) is None]
    if missing:
        pytest.skip(
            f"{', '.join(missing)} not installed (Debian packages xvfb, xauth): "
            "a real drag needs an X server"
        )
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", SCREEN, sys.executable, str(DRIVER), str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    report: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    return proc, report


def test_a_real_mouse_drag_moves_a_lead_card_to_first_contact(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    proc, report = _run_driver(data_dir)
    details = f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert proc.returncode == 0, details
    assert report["ok"] is True, details
    assert report["platform"] == "xcb"
    assert report["drag_started"] is True
    contact_id = report["contact_id"]
    assert report["dropped"] == [[[contact_id], "first_contact", True]]
    assert report["board_stage"] == "first_contact"
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        (stage,) = conn.execute("SELECT stage FROM contact WHERE id = ?", (contact_id,)).fetchone()
        history = conn.execute(
            "SELECT from_stage, to_stage FROM stage_change WHERE contact_id = ?"
            " ORDER BY changed_at",
            (contact_id,),
        ).fetchall()
    finally:
        conn.close()
    assert stage == "first_contact"
    assert history[-1] == ("lead", "first_contact")
