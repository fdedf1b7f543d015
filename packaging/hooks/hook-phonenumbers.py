"""phonenumbers: the region metadata it imports by name, without the tables the app never uses.

Replaces the contrib hook, which lists every submodule: the geocoder, carrier and time-zone
tables alone are 40 MB of source. Normalising a mobile number needs only `data` (and
`shortdata`, which the package imports at start).
"""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata", "prefix")


def _used(name: str) -> bool:
    """Whether `name` (phonenumbers.x.y) is outside the unused tables."""
    return name.partition(".")[2].split(".")[0] not in UNUSED


hiddenimports = collect_submodules("phonenumbers", filter=_used)
excludedimports = [f"phonenumbers.{name}" for name in UNUSED]
