"""Password hashing (Argon2id) and opaque bearer tokens (stored only as their SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from consultant_server.core.config import Settings

TOKEN_BYTES = 32


class Passwords:
    """Hashes and checks passwords with Argon2id at the cost the settings give."""

    def __init__(self, *, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Passwords:
        return cls(
            time_cost=settings.password_time_cost,
            memory_kib=settings.password_memory_kib,
            parallelism=settings.password_parallelism,
        )

    def hash(self, password: str) -> str:
        """The encoded hash to store (``$argon2id$…``, salt and parameters included)."""
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        """True when `password` matches; a damaged stored hash counts as a mismatch."""
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with other parameters than the current ones."""
        return self._hasher.check_needs_rehash(password_hash)

    def spend_like_verify(self, password: str) -> None:
        """Take as long as a real check, so an unknown username cannot be told by timing."""
        self.verify(self._dummy_hash, password)

    @cached_property
    def _dummy_hash(self) -> str:
        return self._hasher.hash(secrets.token_urlsafe(16))


def new_token() -> str:
    """A fresh bearer token: 32 random bytes, URL-safe text. Shown to the client once."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """What the database keeps of a token: its SHA-256 in hex.

    The token has 256 bits of entropy, so a plain fast hash is enough; a stolen database
    copy cannot be turned back into working tokens.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
