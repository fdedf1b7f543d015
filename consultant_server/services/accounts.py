"""Accounts: creating and deactivating users, signing in and out, and checking tokens.

Users and showrooms are server-owned entities that clients pull, so creating or changing one
appends a change to the log (entities ``consultant`` and ``showroom``, scoped to the showroom).
Tokens and devices are sign-in state, never synced, so they are written without log entries.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultant_app.clock import utcnow
from consultant_app.domain.contact import clean_text
from consultant_app.sync.wire import Entity
from consultant_server.core.security import Passwords, new_token, token_digest
from consultant_server.core.versions import InvalidVersionError, parse_version
from consultant_server.errors import (
    DeviceInUseError,
    InvalidCredentialsError,
    InvalidInputError,
    NotFoundError,
    TokenExpiredError,
    TokenInvalidError,
    TokenRevokedError,
    UserDeactivatedError,
    UserExistsError,
)
from consultant_server.models import AuthToken, Device, Role, Showroom, User
from consultant_server.services import channels, rows
from consultant_server.services.changelog import ChangeSet, Clock, change_transaction

log = logging.getLogger(__name__)

#: Log entity names. ``consultant`` is `consultant_app.sync.wire.Entity.CONSULTANT`;
#: ``showroom`` is server-internal (the wire does not name it, so pull does not serve it).
ENTITY_CONSULTANT = Entity.CONSULTANT.value
ENTITY_SHOWROOM = "showroom"
OP_UPSERT = "upsert"

MIN_PASSWORD = 8
MAX_PASSWORD = 256
MAX_DISPLAY_NAME = 64
MAX_TITLE = 64
MAX_SHOWROOM_NAME = 128
_USERNAME = re.compile(r"[\w.\-]{2,64}")


@dataclass(frozen=True, slots=True)
class LoginResult:
    """A successful sign-in: the bearer token (returned once, never stored) and its user."""

    token: str
    expires_at: datetime
    user: User


def normalise_username(text: str) -> str:
    """The stored form of a username: NFKC, case-folded, trimmed; raise if it breaks the rules."""
    username = unicodedata.normalize("NFKC", text).strip().casefold()
    if not _USERNAME.fullmatch(username):
        raise InvalidInputError(
            {"username": "2 to 64 letters, digits, '.', '-' or '_' (no spaces)"}
        )
    return username


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: Role | str,
    showroom_name: str,
    password: str,
    passwords: Passwords,
    title: str = "",
    clock: Clock = utcnow,
) -> User:
    """Add an active user to a showroom (made if it does not exist); raise if the name is taken.

    The showroom's built-in channels are made if it lacks them, and a consultant gets a live
    code for each of its channels (`consultant_server.services.channels.seed_showroom`).
    """
    problems: dict[str, str] = {}
    try:
        username = normalise_username(username)
    except InvalidInputError as exc:
        problems.update(exc.fields)
    display_name = clean_text(display_name)
    if not display_name or len(display_name) > MAX_DISPLAY_NAME:
        problems["display_name"] = f"1 to {MAX_DISPLAY_NAME} characters"
    title = clean_text(title)
    if len(title) > MAX_TITLE:
        problems["title"] = f"at most {MAX_TITLE} characters"
    showroom_name = clean_text(showroom_name)
    if not showroom_name or len(showroom_name) > MAX_SHOWROOM_NAME:
        problems["showroom"] = f"1 to {MAX_SHOWROOM_NAME} characters"
    if role not in set(Role):
        problems["role"] = "consultant or manager"
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problems["password"] = f"{MIN_PASSWORD} to {MAX_PASSWORD} characters"
    if problems:
        raise InvalidInputError(problems)
    password_hash = passwords.hash(password)
    with change_transaction(session, clock=clock) as changes:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise UserExistsError(username)
        now = clock()
        showroom = _showroom(session, changes, showroom_name, now)
        user = User(
            username=username,
            display_name=display_name,
            title=title,
            role=Role(role).value,
            showroom=showroom,
            password_hash=password_hash,
            created_at=now,
        )
        session.add(user)
        try:
            session.flush()
        except IntegrityError as exc:  # the same name added concurrently
            raise UserExistsError(username) from exc
        _log_user(changes, user)
        channels.seed_showroom(session, changes, showroom.id, now)
    log.info("created %s %s in %s", user.role, username, showroom_name)
    return user


def deactivate_user(session: Session, username: str, *, clock: Clock = utcnow) -> User:
    """Deactivate a user and revoke all their tokens in the same commit; idempotent."""
    with change_transaction(session, clock=clock) as changes:
        user = _user_by_name(session, username)
        if user is None:
            raise NotFoundError(f"no user named {username!r}")
        if user.is_active:
            now = clock()
            user.is_active = False
            user.deactivated_at = now
            session.execute(
                update(AuthToken)
                .where(AuthToken.user_id == user.id, AuthToken.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            _log_user(changes, user)
            log.info("deactivated %s and revoked their tokens", user.username)
    return user


def login(
    session: Session,
    *,
    username: str,
    password: str,
    device_id: uuid.UUID,
    client_version: str,
    passwords: Passwords,
    token_ttl: timedelta,
    clock: Clock = utcnow,
) -> LoginResult:
    """Check the password and issue a token for this device (replacing the device's older ones).

    An unknown username and a wrong password give the same error after the same work. Ends any
    transaction open in `session` before checking the password.
    """
    try:
        parse_version(client_version)
    except InvalidVersionError as exc:
        raise InvalidInputError({"client_version": "a version such as 0.1.0"}) from exc
    user = _user_by_name(session, username)
    known = None if user is None else (user.id, user.password_hash, user.is_active)
    # End the read before the deliberately slow password check: on SQLite an open transaction
    # holds the write lock, and no lock is needed to compare a hash.
    session.rollback()
    if known is None:
        passwords.spend_like_verify(password)
        raise InvalidCredentialsError()
    user_id, password_hash, is_active = known
    if not passwords.verify(password_hash, password):
        raise InvalidCredentialsError()
    if not is_active:
        raise UserDeactivatedError()
    new_hash = passwords.hash(password) if passwords.needs_rehash(password_hash) else None
    with change_transaction(session, clock=clock):
        # Locks the user row: a concurrent deactivation waits for this sign-in, then revokes it.
        user = session.scalars(
            select(User).where(User.id == user_id).with_for_update(of=User)
        ).one()
        if not user.is_active:  # deactivated while the password was being checked
            raise UserDeactivatedError()
        if new_hash is not None:
            user.password_hash = new_hash
        now = clock()
        device = session.get(Device, device_id, with_for_update=True)
        if device is None:
            device = Device(
                id=device_id,
                user_id=user.id,
                client_version=client_version,
                created_at=now,
                last_seen_at=now,
            )
            session.add(device)
            session.flush()
        elif device.user_id != user.id:
            raise DeviceInUseError()
        else:
            device.client_version = client_version
            device.last_seen_at = now
        session.execute(
            update(AuthToken)
            .where(AuthToken.device_id == device.id, AuthToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        token = new_token()
        expires_at = now + token_ttl
        session.add(
            AuthToken(
                token_hash=token_digest(token),
                user_id=user.id,
                device_id=device.id,
                created_at=now,
                expires_at=expires_at,
            )
        )
    return LoginResult(token=token, expires_at=expires_at, user=user)


def authenticate(session: Session, token: str, *, clock: Clock = utcnow) -> AuthToken:
    """The live token row for `token` (with its user); raise AuthenticationError otherwise."""
    row = session.scalar(select(AuthToken).where(AuthToken.token_hash == token_digest(token)))
    if row is None:
        raise TokenInvalidError()
    if not row.user.is_active:
        raise UserDeactivatedError()
    if row.revoked_at is not None:
        raise TokenRevokedError()
    if row.expires_at <= clock():
        raise TokenExpiredError()
    return row


def logout(session: Session, token: AuthToken, *, clock: Clock = utcnow) -> None:
    """Revoke the token the request was made with."""
    with change_transaction(session, clock=clock):
        session.execute(
            update(AuthToken)
            .where(AuthToken.id == token.id, AuthToken.revoked_at.is_(None))
            .values(revoked_at=clock())
        )


def public_user(user: User) -> dict[str, Any]:
    """What clients may know of a user (the change-log payload; never the password hash)."""
    return rows.consultant_data(user)


def user_named(session: Session, username: str) -> User:
    """The user called `username` (any case); NotFoundError when there is none."""
    user = _user_by_name(session, username)
    if user is None:
        raise NotFoundError(f"no user named {username!r}")
    return user


def _user_by_name(session: Session, username: str) -> User | None:
    try:
        name = normalise_username(username)
    except InvalidInputError:
        return None
    return session.scalar(select(User).where(User.username == name))


def _showroom(session: Session, changes: ChangeSet, name: str, now: datetime) -> Showroom:
    showroom = session.scalar(select(Showroom).where(Showroom.name == name))
    if showroom is None:
        showroom = Showroom(name=name, created_at=now)
        session.add(showroom)
        session.flush()
        changes.add(
            ENTITY_SHOWROOM,
            showroom.id,
            OP_UPSERT,
            {"id": str(showroom.id), "name": showroom.name},
            scope_owner_id=None,
            scope_showroom_id=showroom.id,
        )
    return showroom


def _log_user(changes: ChangeSet, user: User) -> None:
    changes.add(
        ENTITY_CONSULTANT,
        user.id,
        OP_UPSERT,
        public_user(user),
        scope_owner_id=None,
        scope_showroom_id=user.showroom_id,
    )
