"""Where a workspace lives by default: the OS's per-user data folder."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "ShowroomDesk"


def default_data_dir() -> Path:
    """The per-user data folder (e.g. ~/.local/share/ShowroomDesk, %LOCALAPPDATA%\\ShowroomDesk)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def demo_data_dir() -> Path:
    """The demo workspace, kept apart from real customers."""
    return default_data_dir() / "demo"


def demo_desk_dir() -> Path:
    """The demo's desk: a workspace that syncs with the embedded demo server."""
    return demo_data_dir() / "desk"


def demo_server_dir() -> Path:
    """The embedded demo server's database (shared by every demo desk on this PC)."""
    return demo_data_dir() / "server"
