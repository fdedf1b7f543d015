"""Specific exceptions the server's services raise; the API turns each into a JSON error.

Each carries a stable `code` (the ``error`` field of the response body) and a message a person
can act on. HTTP statuses are chosen in `consultant_server.api.errors`, not here.
"""

from __future__ import annotations

from typing import ClassVar


class ServerError(Exception):
    """Base class for every error the server raises on purpose."""

    code: ClassVar[str] = "server_error"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


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
