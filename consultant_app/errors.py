"""Specific exceptions the core raises; the UI turns each into a clear message."""

from __future__ import annotations

from pathlib import Path


class ShowroomError(Exception):
    """Base class for every error the core raises on purpose."""


class ValidationError(ShowroomError):
    """User input that breaks a rule; `errors` maps each bad field to what is wrong with it."""

    def __init__(self, errors: dict[str, FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v.code}" for k, v in errors.items()))


class FieldError:
    """One field's problem as a code plus the values a message needs (the UI translates it)."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        return f"FieldError({self.code!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldError) and (self.code, self.params) == (
            other.code,
            other.params,
        )

    def __hash__(self) -> int:
        return hash(self.code)


class DuplicateContactError(ShowroomError):
    """A contact with this mobile number already exists; `contact_id` is the existing one."""

    def __init__(self, contact_id: str, name: str) -> None:
        self.contact_id = contact_id
        self.name = name
        super().__init__(f"mobile already belongs to {name} ({contact_id})")


class NotFoundError(ShowroomError):
    """The record asked for does not exist (or was deleted)."""


class IllegalStageMoveError(ShowroomError):
    """A stage move the rules do not allow (e.g. into the stage the contact is already in)."""


class StoreError(ShowroomError):
    """Base for problems opening the local database; each carries the path involved."""

    def __init__(self, path: Path, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {detail}" if detail else str(path))


class DataDirError(StoreError):
    """The data folder cannot be created or written."""


class DatabaseLockedError(StoreError):
    """Another program (often a second copy of the app) holds the database."""


class DatabaseReadOnlyError(StoreError):
    """The database file or its folder is read-only."""


class DatabaseCorruptError(StoreError):
    """The file is not a SQLite database or fails its integrity check."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer version of the app; it is left untouched."""


class MigrationError(StoreError):
    """A schema migration failed; the database was restored from the backup taken before it."""
