"""The dealer's vehicle catalogue: models, trims and colours, loaded from editable JSON data."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from consultant_app.resources import resources_dir

log = logging.getLogger(__name__)

CATALOGUE_FILE = "vehicles.json"


class CatalogueError(ValueError):
    """The catalogue file is missing fields or is not valid JSON."""


@dataclass(frozen=True, slots=True)
class VehicleModel:
    """One model line offered by the dealer."""

    name: str
    pinyin: str
    segment: str
    price_wan: tuple[float, float]
    trims: tuple[str, ...]
    colours: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The models a consultant can pick from, in display order."""

    brand: str
    models: tuple[VehicleModel, ...]

    def names(self) -> list[str]:
        return [m.name for m in self.models]

    def get(self, name: str) -> VehicleModel | None:
        return next((m for m in self.models if m.name == name), None)


def load_catalogue(data_dir: Path | None = None) -> Catalogue:
    """The catalogue from `data_dir/vehicles.json` if a manager put one there, else the shipped one.

    A broken override is logged and the shipped catalogue used, so a typo never stops the app.
    """
    shipped = resources_dir() / "catalogue" / CATALOGUE_FILE
    if data_dir is not None:
        override = data_dir / CATALOGUE_FILE
        if override.exists():
            try:
                # utf-8-sig: Windows Notepad may save with a BOM; a GBK file must not crash us.
                return parse_catalogue(override.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, CatalogueError):
                log.exception("ignoring broken catalogue override %s", override)
    return parse_catalogue(shipped.read_text(encoding="utf-8"))


def parse_catalogue(text: str) -> Catalogue:
    """Parse catalogue JSON; raise CatalogueError naming what is wrong."""
    try:
        data = json.loads(text)
        models = tuple(
            VehicleModel(
                name=str(m["name"]),
                pinyin=str(m.get("pinyin", "")),
                segment=str(m.get("segment", "")),
                price_wan=(float(m["price_wan"][0]), float(m["price_wan"][1])),
                trims=tuple(str(t) for t in m["trims"]),
                colours=tuple(str(c) for c in m["colours"]),
            )
            for m in data["models"]
        )
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise CatalogueError(f"vehicle catalogue: {exc!r}") from exc
    if not models:
        raise CatalogueError("vehicle catalogue lists no models")
    return Catalogue(brand=str(data.get("brand", "")), models=models)
