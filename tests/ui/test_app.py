"""The command line: version, language, data folder, demo folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from consultant_app import __version__
from consultant_app.paths import default_data_dir, demo_desk_dir
from ui.app import main, parse_args, resolve_data_dir


def test_version_prints_and_exits_without_starting_qt(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"Showroom Desk {__version__}"


def test_the_version_command_imports_no_qt() -> None:
    code = (
        "import sys; from ui.app import main; main(['--version']);"
        " assert not any(m.startswith('PySide6') for m in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_an_unknown_language_is_refused_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--lang", "fr"])
    assert "invalid choice" in capsys.readouterr().err


def test_data_dir_wins_then_demo_then_the_per_user_folder(tmp_path: Path) -> None:
    assert resolve_data_dir(parse_args(["--data-dir", str(tmp_path)])) == tmp_path.resolve()
    assert resolve_data_dir(parse_args(["--demo"])) == demo_desk_dir()
    assert resolve_data_dir(parse_args([])) == default_data_dir()
    assert demo_desk_dir() != default_data_dir()


def test_a_negative_demo_size_is_refused() -> None:
    with pytest.raises(SystemExit):
        parse_args(["--demo", "--demo-contacts", "-5"])
