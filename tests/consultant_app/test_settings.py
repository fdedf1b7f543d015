"""Settings: declared defaults, typed reads, persistence, and surviving a hand-edited file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consultant_app.domain.stages import Stage
from consultant_app.settings import (
    LANGUAGE,
    ROT_DAYS,
    SETTINGS_FILE,
    SHOW_SIDE_STAGES,
    Settings,
)


def test_a_missing_file_gives_every_default(tmp_path: Path) -> None:
    settings = Settings.in_dir(tmp_path)
    assert settings.get(LANGUAGE) == "zh_CN"
    assert settings.get(SHOW_SIDE_STAGES) is False
    assert settings.rot_days() == {stage: s.default for stage, s in ROT_DAYS.items()}
    assert not (tmp_path / SETTINGS_FILE).exists()


def test_a_set_value_is_read_back_by_a_fresh_instance(tmp_path: Path) -> None:
    Settings.in_dir(tmp_path).set(LANGUAGE, "en")
    Settings.in_dir(tmp_path).set(ROT_DAYS[Stage.LEAD], 2)
    reread = Settings.in_dir(tmp_path)
    assert reread.get(LANGUAGE) == "en"
    assert reread.rot_days()[Stage.LEAD] == 2
    assert reread.rot_days()[Stage.ORDER] == ROT_DAYS[Stage.ORDER].default


def test_the_file_is_readable_json_that_keeps_chinese_as_is(tmp_path: Path) -> None:
    settings = Settings.in_dir(tmp_path)
    settings.set(LANGUAGE, "中文")
    text = (tmp_path / SETTINGS_FILE).read_text(encoding="utf-8")
    assert json.loads(text) == {"ui.language": "中文"}
    assert "中文" in text


def test_saving_keeps_keys_this_version_does_not_know(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text('{"future.option": [1, 2]}', encoding="utf-8")
    Settings.in_dir(tmp_path).set(SHOW_SIDE_STAGES, True)
    saved = json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert saved == {"future.option": [1, 2], "kanban.show_side_stages": True}


@pytest.mark.parametrize(
    "content",
    [
        b'{"ui.language": "en"',
        b"",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'"just a string"',
        b"null",
    ],
    ids=["truncated", "empty", "not-utf8", "a-list", "a-string", "null"],
)
def test_an_unreadable_file_falls_back_to_defaults(tmp_path: Path, content: bytes) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes(content)
    settings = Settings.in_dir(tmp_path)
    assert settings.get(LANGUAGE) == "zh_CN"


@pytest.mark.parametrize(
    ("setting", "stored"),
    [
        (ROT_DAYS[Stage.LEAD], "7"),
        (ROT_DAYS[Stage.LEAD], 7.5),
        (ROT_DAYS[Stage.LEAD], True),  # a bool is an int to Python, not to us
        (SHOW_SIDE_STAGES, 1),
        (SHOW_SIDE_STAGES, "true"),
        (LANGUAGE, None),
        (LANGUAGE, ["en"]),
    ],
)
def test_a_mistyped_value_falls_back_to_its_default(
    tmp_path: Path, setting: object, stored: object
) -> None:
    key = setting.key  # type: ignore[attr-defined]
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({key: stored}), encoding="utf-8")
    assert Settings.in_dir(tmp_path).get(setting) == setting.default  # type: ignore[arg-type,attr-defined]


def test_a_mistyped_value_does_not_spoil_the_others(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text(
        json.dumps({"rot_days.lead": "soon", "rot_days.visit": 5}), encoding="utf-8"
    )
    rot = Settings.in_dir(tmp_path).rot_days()
    assert (rot[Stage.LEAD], rot[Stage.VISIT]) == (1, 5)


def test_setting_a_value_of_the_wrong_type_is_refused_and_not_saved(tmp_path: Path) -> None:
    settings = Settings.in_dir(tmp_path)
    with pytest.raises(TypeError):
        settings.set(ROT_DAYS[Stage.LEAD], "7")  # type: ignore[arg-type]
    assert not (tmp_path / SETTINGS_FILE).exists()


def test_every_setting_key_is_declared_once() -> None:
    keys = [s.key for s in (*ROT_DAYS.values(), SHOW_SIDE_STAGES, LANGUAGE)]
    assert len(keys) == len(set(keys))


def test_a_file_saved_with_a_bom_is_read(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes(b"\xef\xbb\xbf" + b'{"ui.language": "en"}')
    assert Settings.in_dir(tmp_path).get(LANGUAGE) == "en"
