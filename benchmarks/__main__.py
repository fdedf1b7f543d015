"""Run benchmark groups: `python -m benchmarks` for all, `python -m benchmarks kanban` for one."""

from __future__ import annotations

import importlib
import sys

GROUPS = ("kanban", "library", "qr", "qr_screen", "sync")


def main(argv: list[str]) -> int:
    wanted = argv or list(GROUPS)
    unknown = [g for g in wanted if g not in GROUPS]
    if unknown:
        print(f"unknown group(s): {', '.join(unknown)}; groups: {', '.join(GROUPS)}")
        return 2
    for group in wanted:
        importlib.import_module(f"benchmarks.{group}").run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
