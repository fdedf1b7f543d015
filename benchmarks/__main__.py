"""Run benchmark groups: `python -m benchmarks` for all, `python -m benchmarks kanban` for one."""

from __future__ import annotations

import importlib
import sys

#: Each group and the modules that measure it: `qr` is the posters (Qt-free) and the Qt
#: figures (the screen mode, a scan reaching a desk), which `qr_screen` runs alone.
GROUPS: dict[str, tuple[str, ...]] = {
    "kanban": ("kanban",),
    "library": ("library",),
    "qr": ("qr", "qr_screen"),
    "qr_screen": ("qr_screen",),
    "sync": ("sync",),
}


def main(argv: list[str]) -> int:
    wanted = argv or [g for g in GROUPS if g != "qr_screen"]
    unknown = [g for g in wanted if g not in GROUPS]
    if unknown:
        print(f"unknown group(s): {', '.join(unknown)}; groups: {', '.join(GROUPS)}")
        return 2
    for group in wanted:
        for module in GROUPS[group]:
            importlib.import_module(f"benchmarks.{module}").run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
