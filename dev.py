"""Set-up and tasks for a fresh checkout: `python3 dev.py demo` runs the app, `... test` checks it.

Both create `.venv` on first use and install the project into it (editable, with the dev tools),
so a machine that has only Python 3.11+ needs nothing else.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-from"


def _requirements_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> None:
    """Create the virtual environment and (re)install the project when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 (say so clearly on an old Python)
        sys.exit("Showroom Desk needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = _requirements_digest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    print("Installing Showroom Desk and its dependencies into .venv …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    # dev: test and lint tools; package: PyInstaller, which the build test uses.
    subprocess.run([*pip, "-e", f"{ROOT}[dev,package]"], check=True)
    STAMP.write_text(digest)


def run(args: list[str]) -> int:
    return subprocess.run(args, cwd=ROOT, check=False).returncode


def test(extra: list[str]) -> int:
    """Lint, type-check, check the layer contract, then run the test suite."""
    steps = [
        [str(PYTHON), "-m", "ruff", "check", "."],
        [str(PYTHON), "-m", "ruff", "format", "--check", "."],
        [str(PYTHON), "-m", "mypy"],
        [str(BIN / "lint-imports")],
    ]
    for step in steps:
        print(
            "$",
            " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)),
            flush=True,
        )
        if run(step) != 0:
            return 1
    return run([str(PYTHON), "-m", "pytest", *extra])


def i18n() -> int:
    """Refresh the .ts files from the code (translators then edit them) and compile the .qm."""
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    for ts in sorted((ROOT / "resources" / "translations").glob("*.ts")):
        lupdate = [str(BIN / "pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources]
        if run([*lupdate, "-ts", str(ts.relative_to(ROOT))]) != 0:
            return 1
        if run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))]) != 0:
            return 1
    return 0


def main() -> int:
    command, extra = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    if command not in {"demo", "test", "app", "bench", "i18n"}:
        print(__doc__)
        print(
            "usage: python3 dev.py demo | test [pytest args] | app [app args] | bench [group]"
            " | i18n"
        )
        return 2
    ensure_venv()
    if command == "demo":
        return run([str(BIN / "consultant-app"), "--demo", *extra])
    if command == "app":
        return run([str(BIN / "consultant-app"), *extra])
    if command == "bench":
        return run([str(PYTHON), "-m", "benchmarks", *extra])
    if command == "i18n":
        return i18n()
    return test(extra)


if __name__ == "__main__":
    sys.exit(main())
