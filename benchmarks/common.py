"""Shared benchmark plumbing: emitting figures, percentiles, and a seeded 10k workspace."""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def emit(name: str, value: float, unit: str, **extra: object) -> None:
    """Print one figure as a JSON line."""
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, **extra}), flush=True)


def percentile(values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile (p95 of 100 samples is the 95th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def seeded_data_dir(contacts: int) -> Path:
    """A data folder holding a demo workspace with `contacts` contacts, made once and reused."""
    from consultant_app.demo import ensure_demo_workspace

    folder = Path(os.environ.get("BENCH_DIR", ROOT / "bench-out")) / f"workspace-{contacts}"
    started = time.perf_counter()
    workspace = ensure_demo_workspace(folder, contacts)
    workspace.close()
    took = time.perf_counter() - started
    if took > 1:
        print(f"# seeded {contacts} contacts in {took:.1f} s ({folder})", file=sys.stderr)
    return folder
