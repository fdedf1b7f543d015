"""Specific exceptions the server's services raise; the API turns each into a JSON error.

Each carries a stable `code` (the ``error`` field of the response body) and a message a person
can act on. HTTP statuses are chosen in `consultant_server.api.errors`, not here.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ServerError(Exception):
    """Base class for every error the server raises on purpose."""

    code: ClassVar[str] = "server_error"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def extra(self) -> dict[str, Any]:
        """Keys the error body carries beyond ``error`` and ``message``."""
        return {}


class DatabaseUrlError(ServerError):
    """The configured database URL cannot be used."""

    code = "bad_database_url"

    def __init__(self, url: str, detail: str) -> None:
        self.url = url
        super().__init__(f"cannot use database URL {url!r}: {detail}")


class SchemaNotCurrentError(ServerError):
    """The database is not at the schema this build expects (run `consultant-server migrate`)."""

    code = "schema_not_current"

    def __init__(self, current: str | None, head: str) -> None:
        self.current = current
        self.head = head
        super().__init__(
            f"the database schema is at {current or 'nothing (empty database)'}, this server"
            f" needs {head}: run `consultant-server migrate`"
        )


class AuthenticationError(ServerError):
    """The request carries no usable credentials; the client must sign in (again)."""

    code = "not_authenticated"


class InvalidCredentialsError(AuthenticationError):
    """Wrong username or password; deliberately the same for an unknown username."""

    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__("wrong username or password")


class TokenMissingError(AuthenticationError):
    """No ``Authorization: Bearer …`` header."""

    code = "not_authenticated"

    def __init__(self) -> None:
        super().__init__("sign in first: send the token as 'Authorization: Bearer <token>'")


class TokenInvalidError(AuthenticationError):
    """A token this server never issued (or one from a server restored without it)."""

    code = "token_invalid"

    def __init__(self) -> None:
        super().__init__("the token is not valid; sign in again")


class TokenExpiredError(AuthenticationError):
    """The token's lifetime is over."""

    code = "token_expired"

    def __init__(self) -> None:
        super().__init__("the token has expired; sign in again")


class TokenRevokedError(AuthenticationError):
    """The token was signed out (or replaced by a newer sign-in on the same device)."""

    code = "token_revoked"

    def __init__(self) -> None:
        super().__init__("the token was signed out; sign in again")


class UserDeactivatedError(AuthenticationError):
    """The account was deactivated (the consultant left); nothing more is served to it."""

    code = "user_deactivated"

    def __init__(self) -> None:
        super().__init__("this account has been deactivated; ask your manager")


class NotFoundError(ServerError):
    """The record does not exist, or is outside the caller's scope (the two look the same)."""

    code = "not_found"


class ConflictError(ServerError):
    """The request clashes with what exists (a taken username, a device of another user)."""

    code = "conflict"


class UserExistsError(ConflictError):
    """The username is taken."""

    code = "username_taken"

    def __init__(self, username: str) -> None:
        self.username = username
        super().__init__(f"the username {username!r} is already taken")


class DeviceInUseError(ConflictError):
    """The device id is registered to another user; a device belongs to one consultant."""

    code = "device_in_use"

    def __init__(self) -> None:
        super().__init__(
            "this device is registered to another user; each user signs in from their own"
            " workspace (a new device id)"
        )


class InvalidInputError(ServerError):
    """Input that breaks a rule; `fields` maps each bad field to a short code."""

    code = "invalid_request"

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in fields.items()))

    def extra(self) -> dict[str, Any]:
        return {"fields": self.fields}


class ImportRejectedError(InvalidInputError):
    """A bulk import with rejected rows: nothing was imported; `rejected` says what and why.

    Each rejected row is ``{"source", "row", "title", "problems": [{"field", "code",
    "detail"}]}`` (row 0: a whole file of a folder, or the sheet itself).
    """

    code = "import_rejected"

    def __init__(self, rows: int, rejected: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.rejected = rejected
        super().__init__({"file": f"{len(rejected)} row(s) rejected"})
        self.message = (
            f"{len(rejected)} row(s) of {rows} rejected; nothing was imported. Fix them and"
            " import the whole file again."
        )
        self.args = (self.message,)

    def extra(self) -> dict[str, Any]:
        return {"fields": self.fields, "rows": self.rows, "rejected": self.rejected}


class InvalidCursorError(ServerError):
    """A pull cursor this server cannot read (cursors are opaque: send back what was given)."""

    code = "invalid_cursor"

    def __init__(self, detail: str) -> None:
        super().__init__(f"the cursor is not one this server gave out: {detail}")


class ForbiddenError(ServerError):
    """The caller is known but may not do this."""

    code = "forbidden"


class DeviceMismatchError(ForbiddenError):
    """A push names another device than the one its token was issued to."""

    code = "device_mismatch"

    def __init__(self) -> None:
        super().__init__(
            "the device_id in the body is not the device this token was issued to; sign in"
            " again from this workspace"
        )


class ClientTooOldError(ServerError):
    """The client is older than the server's minimum; it must be updated before it syncs."""

    code = "client_too_old"

    def __init__(self, client_version: str, min_client_version: str) -> None:
        self.client_version = client_version
        self.min_client_version = min_client_version
        super().__init__(
            f"this client ({client_version}) is older than the oldest version the server syncs"
            f" with ({min_client_version}); update Showroom Desk. Your changes stay on this"
            " computer until then."
        )

    def extra(self) -> dict[str, Any]:
        return {"min_client_version": self.min_client_version}


class RebootstrapError(ServerError):
    """The cursor cannot be continued; the client must pull a full snapshot again.

    `reason` is ``epoch`` (another server, or this one restored from a backup), ``ahead`` (the
    cursor is past the newest change: a restored backup) or ``pruned`` (the client was away
    longer than the log is kept).
    """

    code = "rebootstrap"

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)

    def extra(self) -> dict[str, Any]:
        return {"reason": self.reason}


class DatabaseUnavailableError(ServerError):
    """The database did not answer; a transient fault the client retries later."""

    code = "database_unavailable"

    def __init__(self) -> None:
        super().__init__("the server cannot reach its database; try again later")
