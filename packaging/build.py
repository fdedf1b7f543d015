"""Build Showroom Desk for this OS: a PyInstaller one-folder app and an archive of it.

    .venv/bin/python packaging/build.py [--dist DIR] [--work DIR]

Needs PyInstaller (`.venv/bin/pip install -e '.[package]'`). The folder lands in
dist/showroom-desk/, the archive beside it (.tar.gz; .zip on Windows); the last line printed
is the path of the built executable. Check the build with `<executable> --self-test`.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "showroom_desk.spec"
NAME = "showroom-desk"  # the spec's NAME


def version() -> str:
    """The app version, read from the source without importing the package."""
    for line in (ROOT / "consultant_app" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("consultant_app/__init__.py has no __version__")


def platform_tag() -> str:
    """linux-x86_64, windows-amd64, macos-arm64 …"""
    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower()}"


def folder_size(folder: Path) -> int:
    """Bytes in the files under `folder` (links not followed, as an unpacked copy holds them)."""
    return sum(
        path.lstat().st_size for path in folder.rglob("*") if path.is_file() or path.is_symlink()
    )


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; return the one-folder app."""
    if importlib.util.find_spec("PyInstaller") is None:
        raise SystemExit(
            "PyInstaller is not installed here; run: .venv/bin/pip install -e '.[package]'"
        )
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    print("$", " ".join(command), flush=True)
    # Never let a developer's PYTHONPATH or a stray ui/ package shadow the checkout's.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return dist / NAME


def archive(app: Path) -> Path:
    """Pack the folder (as showroom-desk/ inside) next to it; the archive's path."""
    base = app.parent / f"{NAME}-{version()}-{platform_tag()}"
    kind = "zip" if sys.platform == "win32" else "gztar"
    return Path(shutil.make_archive(str(base), kind, root_dir=app.parent, base_dir=app.name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the app goes")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's scratch"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    app = build(args.dist.resolve(), args.work.resolve())
    built = time.monotonic()
    if sys.platform.startswith("linux"):
        # The menu entry and the screen PC's autostart files (docs/manager-guide.md).
        shutil.copytree(ROOT / "packaging" / "linux", app / "linux", dirs_exist_ok=True)
    packed = archive(app)
    executable = app / (NAME + (".exe" if sys.platform == "win32" else ""))
    if not executable.is_file():
        raise SystemExit(f"PyInstaller finished but {executable} is missing")
    mb = 1024 * 1024
    print(f"Built {app} in {built - started:.0f} s: {folder_size(app) / mb:.1f} MB unpacked")
    print(f"Archive {packed}: {packed.stat().st_size / mb:.1f} MB")
    print(executable)
    return 0


if __name__ == "__main__":
    sys.exit(main())
