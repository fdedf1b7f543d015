"""The vehicle catalogue: the shipped file, a manager's override, and a broken override."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consultant_app.catalogue import (
    CATALOGUE_FILE,
    CatalogueError,
    load_catalogue,
    parse_catalogue,
)
from consultant_app.resources import resources_dir

OVERRIDE = {
    "brand": "测试品牌",
    "models": [
        {
            "name": "测试车",
            "pinyin": "ceshiche",
            "segment": "紧凑型轿车",
            "price_wan": [9.99, 12.5],
            "trims": ["基础版"],
            "colours": ["白"],
        }
    ],
}
BROKEN = {
    "not-json": "{",
    "no-models-key": '{"brand": "x"}',
    "no-models": '{"models": []}',
    "model-without-name": '{"models": [{"price_wan": [1, 2], "trims": [], "colours": []}]}',
    "price-not-a-pair": '{"models": [{"name": "a", "price_wan": [1], "trims": [], "colours": []}]}',
    "price-not-numbers": (
        '{"models": [{"name": "a", "price_wan": ["x", 2], "trims": [], "colours": []}]}'
    ),
    "no-trims": '{"models": [{"name": "a", "price_wan": [1, 2], "colours": []}]}',
    "models-not-a-list": '{"models": 5}',
    "top-level-list": "[]",
}


def test_the_shipped_catalogue_parses_into_sound_models() -> None:
    catalogue = load_catalogue()
    assert catalogue.brand
    assert "ID.4 CROZZ" in catalogue.names()
    names = catalogue.names()
    assert len(names) == len(set(names))
    for model in catalogue.models:
        assert model.trims and model.colours, model.name
        assert 0 < model.price_wan[0] <= model.price_wan[1], model.name


def test_the_shipped_file_is_found_beside_the_packages() -> None:
    assert (resources_dir() / "catalogue" / CATALOGUE_FILE).is_file()


def test_a_data_folder_without_an_override_uses_the_shipped_catalogue(tmp_path: Path) -> None:
    assert load_catalogue(tmp_path) == load_catalogue()


def test_an_override_in_the_data_folder_wins(tmp_path: Path) -> None:
    (tmp_path / CATALOGUE_FILE).write_text(json.dumps(OVERRIDE, ensure_ascii=False), "utf-8")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.brand == "测试品牌"
    assert catalogue.names() == ["测试车"]
    model = catalogue.get("测试车")
    assert model is not None
    assert (model.price_wan, model.trims, model.colours) == ((9.99, 12.5), ("基础版",), ("白",))


@pytest.mark.parametrize("text", list(BROKEN.values()), ids=list(BROKEN))
def test_a_broken_override_falls_back_to_the_shipped_catalogue(tmp_path: Path, text: str) -> None:
    (tmp_path / CATALOGUE_FILE).write_text(text, encoding="utf-8")
    assert load_catalogue(tmp_path) == load_catalogue()


def test_an_override_that_is_not_utf8_falls_back_to_the_shipped_catalogue(tmp_path: Path) -> None:
    (tmp_path / CATALOGUE_FILE).write_bytes(json.dumps(OVERRIDE, ensure_ascii=False).encode("gbk"))
    assert load_catalogue(tmp_path) == load_catalogue()


@pytest.mark.parametrize("text", list(BROKEN.values()), ids=list(BROKEN))
def test_parsing_a_broken_catalogue_raises_catalogue_error(text: str) -> None:
    with pytest.raises(CatalogueError):
        parse_catalogue(text)


def test_an_unknown_model_name_gets_none() -> None:
    assert load_catalogue().get("Model T") is None


def test_an_override_saved_with_a_byte_order_mark_is_honoured(tmp_path: Path) -> None:
    text = json.dumps(OVERRIDE, ensure_ascii=False)
    (tmp_path / CATALOGUE_FILE).write_bytes(text.encode("utf-8-sig"))
    assert load_catalogue(tmp_path).names() == ["测试车"]
