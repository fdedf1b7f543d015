"""The server's truth about a refused mutation's subject, for the push answer to carry.

docs/sync-protocol.md ("Push"): a desk applies each command locally before the server has
seen it. When the server refuses the mutation for good, its answer carries the rows the
mutation created or changed on that desk (`consultant_app.sync.wire.subject_rows`) as the
server has them now, as far as the user may see them, so the desk can take its local effect
back: rows the server lacks are removed there, the others replaced by the server's.

What a user may see follows the pull's scopes (`consultant_server.services.pull`): a
consultant their own contacts with their history, the showroom's channels and their own; a
manager all of the showroom's. Of the library, everyone sees the showroom's live company
materials and their own live personal scripts (a manager no one else's).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultant_app.domain.contact import clean_text
from consultant_app.library.models import Scope
from consultant_app.sync.wire import (
    Change,
    ChangeOp,
    Entity,
    Mutation,
    MutationKind,
    subject_rows,
)
from consultant_server.models import (
    Activity,
    Channel,
    ChannelCode,
    Contact,
    ContactTag,
    LogCounter,
    Material,
    Reminder,
    Role,
    StageChange,
    Tag,
    User,
)
from consultant_server.services import rows

#: The order a desk applies current rows in: a contact before its history, a tag before its
#: links, a channel before its codes.
_ORDER = {
    Entity.CONTACT: 0,
    Entity.TAG: 1,
    Entity.CHANNEL: 1,
    Entity.STAGE_CHANGE: 2,
    Entity.ACTIVITY: 2,
    Entity.REMINDER: 2,
    Entity.CONTACT_TAG: 2,
    Entity.CHANNEL_CODE: 2,
    Entity.MATERIAL: 0,
}


def sees_contact(user: User, contact: Contact) -> bool:
    """Whether `user` pulls `contact` (and its history): its owner, or a manager of its
    showroom."""
    if user.role == Role.MANAGER:
        return contact.showroom_id == user.showroom_id
    return contact.owner_id == user.id


def sees_channel(user: User, showroom_id: uuid.UUID, owner_id: uuid.UUID | None) -> bool:
    """Whether `user` pulls a channel or code of `showroom_id` owned by `owner_id` (None: the
    showroom's)."""
    if showroom_id != user.showroom_id:
        return False
    return user.role == Role.MANAGER or owner_id is None or owner_id == user.id


def sees_material(user: User, material: Material) -> bool:
    """Whether `user` pulls `material` as a live row: the showroom's company materials and
    their own personal scripts, neither retired (a retired one is a removal in the log)."""
    if material.showroom_id != user.showroom_id or material.retired_at is not None:
        return False
    return material.scope == Scope.COMPANY.value or material.owner_id == user.id


class CurrentRows:
    """Reads the current rows of refused mutations' subjects for one push answer.

    Make one after the batch was handled, in a fresh read of the database; `seq` of every
    row it gives is the log's high-water mark at that moment (the rows are at least that
    new). Rows read once are kept for the other refusals of the same answer.
    """

    def __init__(self, session: Session, user: User) -> None:
        self.session = session
        self.user = user
        mark = session.scalars(select(LogCounter.value).where(LogCounter.id == 1)).one()
        self.seq = max(1, mark)
        self._contacts: dict[uuid.UUID, Contact | None] = {}

    def of(self, mutation: Mutation) -> tuple[Change, ...]:
        """The server's current rows for `mutation`'s subject that the user may see."""
        found: dict[tuple[Entity, str], dict[str, Any]] = {}
        for entity, ident, _created in subject_rows(mutation.kind, mutation.payload):
            row_id = _uuid(ident)
            if row_id is not None:
                self._add(found, entity, row_id)
        if mutation.kind in (MutationKind.TAG_ADD, MutationKind.TAG_REMOVE):
            self._add_live_links(found, mutation)
        ordered = sorted(found.items(), key=lambda item: _ORDER[item[0][0]])
        return tuple(
            Change(self.seq, entity, ident, ChangeOp.UPSERT, data)
            for (entity, ident), data in ordered
        )

    def _add(
        self, found: dict[tuple[Entity, str], dict[str, Any]], entity: Entity, row_id: uuid.UUID
    ) -> None:
        session = self.session
        if entity is Entity.CONTACT:
            self._add_contact(found, row_id)
        elif entity is Entity.STAGE_CHANGE:
            change = session.get(StageChange, row_id)
            if change is not None and self._add_contact(found, change.contact_id):
                found[(entity, str(row_id))] = rows.stage_change_data(change)
        elif entity is Entity.ACTIVITY:
            activity = session.get(Activity, row_id)
            if activity is not None and self._add_contact(found, activity.contact_id):
                found[(entity, str(row_id))] = rows.activity_data(activity)
        elif entity is Entity.REMINDER:
            reminder = session.get(Reminder, row_id)
            if reminder is not None and self._add_contact(found, reminder.contact_id):
                found[(entity, str(row_id))] = rows.reminder_data(reminder)
        elif entity is Entity.CONTACT_TAG:
            link = session.get(ContactTag, row_id)
            live = link is not None and link.removed_at is None
            if live and link is not None and self._add_contact(found, link.contact_id):
                self._add_link(found, link)
        elif entity is Entity.CHANNEL:
            channel = session.get(Channel, row_id)
            if channel is not None and self._sees(channel.showroom_id, channel.owner_id):
                found[(entity, str(row_id))] = rows.channel_data(channel)
        elif entity is Entity.CHANNEL_CODE:
            code = session.get(ChannelCode, row_id)
            if code is not None and self._sees(code.showroom_id, code.owner_id):
                found[(entity, str(row_id))] = rows.channel_code_data(code)
        elif entity is Entity.MATERIAL:
            material = session.get(Material, row_id)
            if material is not None and sees_material(self.user, material):
                found[(entity, str(row_id))] = rows.material_data(material)

    def _sees(self, showroom_id: uuid.UUID, owner_id: uuid.UUID | None) -> bool:
        return sees_channel(self.user, showroom_id, owner_id)

    def _add_contact(
        self, found: dict[tuple[Entity, str], dict[str, Any]], contact_id: uuid.UUID
    ) -> bool:
        """Add the contact if the user sees it; whether they do."""
        if contact_id not in self._contacts:
            contact = self.session.get(Contact, contact_id)
            visible = contact is not None and sees_contact(self.user, contact)
            self._contacts[contact_id] = contact if visible else None
        contact = self._contacts[contact_id]
        if contact is None:
            return False
        found[(Entity.CONTACT, str(contact_id))] = rows.contact_data(contact)
        return True

    def _add_link(self, found: dict[tuple[Entity, str], dict[str, Any]], link: ContactTag) -> None:
        tag = self.session.get(Tag, link.tag_id)
        assert tag is not None  # a link's tag is never deleted
        found[(Entity.TAG, str(tag.id))] = rows.tag_data(tag)
        found[(Entity.CONTACT_TAG, str(link.id))] = rows.contact_tag_data(link)

    def _add_live_links(
        self, found: dict[tuple[Entity, str], dict[str, Any]], mutation: Mutation
    ) -> None:
        """A tag add or remove also changed which add the desk keeps for the tag (one row per
        tag and contact): the server's live adds of that tag on the contact set it back."""
        contact_id = _uuid(mutation.payload.get("contact_id"))
        name = mutation.payload.get("name")
        if contact_id is None or not isinstance(name, str):
            return
        if not self._add_contact(found, contact_id):
            return
        links = self.session.scalars(
            select(ContactTag)
            .join(Tag, Tag.id == ContactTag.tag_id)
            .where(
                ContactTag.contact_id == contact_id,
                ContactTag.removed_at.is_(None),
                Tag.name == clean_text(name),
            )
            .order_by(ContactTag.created_at, ContactTag.id)
        ).all()
        for link in links:
            self._add_link(found, link)


def _uuid(value: object) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
