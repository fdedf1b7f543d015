"""User settings, each declared once with its type, default and meaning; stored as JSON."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from consultant_app.domain.stages import Stage

log = logging.getLogger(__name__)

T = TypeVar("T", int, bool, str)


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    """One setting: its key in the file, its default (which also fixes its type) and meaning."""

    key: str
    default: T
    description: str


#: Days without a touch after which a card in that stage "rots" (is highlighted).
ROT_DAYS: dict[Stage, Setting[int]] = {
    Stage.LEAD: Setting("rot_days.lead", 1, "New leads go cold within a day"),
    Stage.FIRST_CONTACT: Setting("rot_days.first_contact", 3, "Online chat without follow-up"),
    Stage.VISIT: Setting("rot_days.visit", 3, "After a showroom visit, follow up fast"),
    Stage.TEST_DRIVE: Setting("rot_days.test_drive", 2, "After a test drive, strike while hot"),
    Stage.ORDER: Setting("rot_days.order", 7, "Orders waiting for delivery"),
    Stage.DORMANT: Setting("rot_days.dormant", 30, "Wake dormant contacts monthly"),
}
SHOW_SIDE_STAGES = Setting("kanban.show_side_stages", False, "Show the 战败 and 沉默 columns")
LANGUAGE = Setting("ui.language", "zh_CN", "Interface language: zh_CN or en")
SERVER_URL = Setting("sync.server_url", "", "The central server's address; empty: not chosen yet")
OFFLINE_ONLY = Setting("sync.offline_only", False, "Work on this PC only, without a server")

SETTINGS_FILE = "settings.json"


class Settings:
    """Values for the declared settings, read from and written to `settings.json`.

    A missing, unreadable or mistyped value falls back to the declared default (and is logged),
    so a hand-edited file can never stop the app.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values: dict[str, object] = {}
        try:
            # utf-8-sig: Windows Notepad saves a BOM, which must not lose the user's settings.
            loaded = json.loads(path.read_text(encoding="utf-8-sig"))
            if isinstance(loaded, dict):
                self._values = loaded
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            log.warning("ignoring unreadable settings file %s", path, exc_info=True)

    @classmethod
    def in_dir(cls, data_dir: Path) -> Settings:
        return cls(data_dir / SETTINGS_FILE)

    def get(self, setting: Setting[T]) -> T:
        value = self._values.get(setting.key, setting.default)
        if type(value) is not type(setting.default):
            log.warning("setting %s has a %s, using the default", setting.key, type(value))
            return setting.default
        return value

    def is_set(self, setting: Setting[T]) -> bool:
        """Whether the file holds a value for `setting` (the user chose one)."""
        return setting.key in self._values

    def set(self, setting: Setting[T], value: T) -> None:
        if type(value) is not type(setting.default):
            raise TypeError(f"{setting.key} takes {type(setting.default).__name__}")
        self._values[setting.key] = value
        self._save()

    def rot_days(self) -> dict[Stage, int]:
        """The rot threshold of every stage that has one."""
        return {stage: self.get(setting) for stage, setting in ROT_DAYS.items()}

    def _save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._values, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, self.path)
