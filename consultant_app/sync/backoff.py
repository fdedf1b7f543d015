"""When to try again after a failed sync: exponential backoff with equal jitter, capped."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Retry delays that grow while failures last and reset after a success.

    Equal jitter (a random delay between half the exponential bound and the bound) keeps a
    showroom's clients from retrying in step when the Wi-Fi comes back, while never retrying
    almost at once. Retries never stop on their own: the queue must drain without the
    consultant doing anything.
    """

    base_s: float = 2.0
    cap_s: float = 300.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self) -> float:
        """Record a failure and return how long to wait before the next attempt."""
        self.failures += 1
        bound = min(self.cap_s, self.base_s * 2 ** min(self.failures - 1, 30))
        return self.rng.uniform(bound / 2, bound)

    def succeeded(self) -> None:
        self.failures = 0
