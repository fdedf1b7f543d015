"""Helpers for the live-code tests: codes, the duty roster, and leads made through the service."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from consultant_app.sync.wire import CodeKind
from consultant_server.models import Activity, ChannelCode, Contact, Scan, User
from consultant_server.services import channels, landing
from consultant_server.services.channels import RosterSlot, builtin_channel_id
from tests.consultant_server.support import FakeClock

Sessions = sessionmaker[Session]


def code_of(sessions: Sessions, user: User, builtin: str = "display_stand") -> ChannelCode:
    """The user's live code of a built-in channel."""
    with sessions() as session:
        return session.scalars(
            select(ChannelCode).where(
                ChannelCode.owner_id == user.id,
                ChannelCode.channel_id == builtin_channel_id(user.showroom_id, builtin),
                ChannelCode.status != "revoked",
            )
        ).one()


def duty_code(
    sessions: Sessions, manager: User, clock: FakeClock, builtin: str = "showroom_screen"
) -> ChannelCode:
    """A new duty code of a built-in channel, made by a manager."""
    with sessions() as session:
        return channels.request_code_now(
            session,
            manager,
            builtin_channel_id(manager.showroom_id, builtin),
            kind=CodeKind.DUTY,
            clock=clock,
        )


def set_roster(
    sessions: Sessions,
    manager: User,
    days: Mapping[int, Sequence[User]],
    *,
    cap: int | None = None,
    backup: User | None = None,
    caps: Mapping[tuple[int, uuid.UUID], int] | None = None,
    clock: FakeClock,
) -> None:
    """Replace the roster: weekday → the users on duty, in order."""
    caps = caps or {}
    slots = [
        RosterSlot(day, user.id, caps.get((day, user.id)))
        for day, users in days.items()
        for user in users
    ]
    with sessions() as session:
        channels.set_roster(
            session,
            manager,
            daily_cap=cap,
            backup_id=None if backup is None else backup.id,
            slots=slots,
            clock=clock,
        )


def form(mobile: str, *, name: str = "王先生", **more: object) -> landing.LeadForm:
    """A valid submission of the lead form."""
    return landing.LeadForm(
        name=name,
        mobile=mobile,
        consent=True,
        **more,  # type: ignore[arg-type]
    )


def submit(
    sessions: Sessions,
    token: str,
    mobile: str,
    clock: FakeClock,
    *,
    name: str = "王先生",
    ip: str = "10.0.0.1",
    **more: object,
) -> Scan:
    """Submit the form of `token` through the service; the scan it recorded."""
    with sessions() as session:
        scan_id = landing.submit(session, token, form(mobile, name=name, **more), ip, clock=clock)
    with sessions() as session:
        scan = session.get(Scan, scan_id)
        assert scan is not None
        return scan


def owner_name(sessions: Sessions, scan: Scan) -> str:
    with sessions() as session:
        user = session.get(User, scan.consultant_id)
        assert user is not None
        return user.username


def contacts_of(sessions: Sessions, user: User) -> list[Contact]:
    with sessions() as session:
        return list(
            session.scalars(
                select(Contact).where(Contact.owner_id == user.id).order_by(Contact.created_at)
            )
        )


def notes_of(sessions: Sessions, contact_id: uuid.UUID) -> list[str]:
    with sessions() as session:
        return list(
            session.scalars(
                select(Activity.body)
                .where(Activity.contact_id == contact_id)
                .order_by(Activity.created_at, Activity.id)
            )
        )
