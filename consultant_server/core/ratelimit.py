"""Token buckets in this process's memory: the public landing pages' per-IP and per-code limits.

Each key (an IP address, a code's token) has a bucket of `capacity` tokens that refills evenly
over `period` seconds; a request takes one token or is refused with the time until the next.
The buckets live in one process: with several server processes each keeps its own, so the
effective limit is that many times higher (put a shared limit in the reverse proxy then).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

#: Most keys remembered per limit; the least recently seen are forgotten first.
MAX_KEYS = 20_000


class TokenBuckets:
    """One token bucket per key, for one limit (say, page views per IP)."""

    def __init__(
        self,
        capacity: int,
        period: float,
        *,
        max_keys: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity < 1 or period <= 0:
            raise ValueError("a bucket holds at least one token and refills over a period")
        self.capacity = capacity
        self.rate = capacity / period  # tokens per second
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, when
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take a token for `key`: 0.0 when allowed, else the seconds until one is free."""
        now = self._clock()
        with self._lock:
            tokens, when = self._buckets.pop(key, (float(self.capacity), now))
            tokens = min(float(self.capacity), tokens + (now - when) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            return wait


@dataclass(frozen=True, slots=True)
class LandingLimits:
    """The landing pages' four limits: views and submissions, per IP and per code."""

    views_per_ip: TokenBuckets
    views_per_code: TokenBuckets
    submits_per_ip: TokenBuckets
    submits_per_code: TokenBuckets

    @classmethod
    def per_minute(
        cls,
        *,
        views_per_ip: int,
        views_per_code: int,
        submits_per_ip: int,
        submits_per_code: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> LandingLimits:
        """Limits of so many requests a minute each (and as many at once)."""
        return cls(
            TokenBuckets(views_per_ip, 60.0, clock=clock),
            TokenBuckets(views_per_code, 60.0, clock=clock),
            TokenBuckets(submits_per_ip, 60.0, clock=clock),
            TokenBuckets(submits_per_code, 60.0, clock=clock),
        )

    def view(self, ip: str, token: str) -> float:
        """Take a page view for this IP and code: 0.0, or the seconds to wait (429)."""
        # A refused IP takes nothing from the code: one flooding phone cannot block a code.
        return self.views_per_ip.take(ip) or self.views_per_code.take(token)

    def submit(self, ip: str, token: str) -> float:
        """Take a submission for this IP and code: 0.0, or the seconds to wait (429)."""
        return self.submits_per_ip.take(ip) or self.submits_per_code.take(token)
