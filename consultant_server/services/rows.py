"""The wire form of each synced row: the whole-row `data` of a pulled change.

One function per entity, each giving exactly the keys `consultant_app.sync.wire.ENTITY_FIELDS`
names for it (a few extra keys where noted), as JSON values: ids and times as text (ISO 8601
with a UTC offset), dates as ISO dates. Push appends these to the change log and the snapshot
serves them, so both always describe a row the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from consultant_app.sync.wire import CONTACT_FIELDS, Entity
from consultant_server.models import (
    Activity,
    Channel,
    ChannelCode,
    Contact,
    ContactTag,
    FieldConflict,
    KeywordRule,
    Material,
    MaterialCategory,
    Reminder,
    StageChange,
    Tag,
    User,
)

JsonObject = dict[str, Any]


def iso(value: datetime | date | None) -> str | None:
    """ISO text of a time (aware, UTC) or a date; None stays None."""
    return None if value is None else value.isoformat()


def text_id(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def contact_fields(contact: Contact) -> JsonObject:
    """The mergeable fields in the form clients send them (`_field_values` on the client)."""
    values: JsonObject = {
        "name": contact.name,
        "mobile": contact.mobile,
        "wecom_id": contact.wecom_id,
        "gender": contact.gender,
        "models": list(contact.models),
        "budget_min_yuan": contact.budget_min_yuan,
        "budget_max_yuan": contact.budget_max_yuan,
        "source_channel": contact.source_channel,
        "birthday": iso(contact.birthday),
        "remark": contact.remark,
    }
    assert tuple(values) == CONTACT_FIELDS
    return values


def contact_data(contact: Contact) -> JsonObject:
    return {
        "id": str(contact.id),
        "owner_id": str(contact.owner_id),
        **contact_fields(contact),
        "stage": contact.stage,
        "stage_entered_at": iso(contact.stage_entered_at),
        "last_touch_at": iso(contact.last_touch_at),
        "snoozed_until": iso(contact.snoozed_until),
        "deleted_at": iso(contact.deleted_at),
        "created_at": iso(contact.created_at),
        "updated_at": iso(contact.updated_at),
    }


def stage_change_data(change: StageChange) -> JsonObject:
    return {
        "id": str(change.id),
        "contact_id": str(change.contact_id),
        "from_stage": change.from_stage,
        "to_stage": change.to_stage,
        "changed_at": iso(change.changed_at),
        "changed_by": str(change.changed_by),
        "lost_reason": change.lost_reason,
        "competitor": change.competitor,
        "details": change.details,
        "batch_id": str(change.batch_id),
        "is_undo": change.is_undo,
    }


def activity_data(activity: Activity) -> JsonObject:
    return {
        "id": str(activity.id),
        "contact_id": str(activity.contact_id),
        "kind": activity.kind,
        "body": activity.body,
        "occurred_at": iso(activity.occurred_at),
        "created_by": str(activity.created_by),
    }


def reminder_data(reminder: Reminder) -> JsonObject:
    return {
        "id": str(reminder.id),
        "contact_id": str(reminder.contact_id),
        "due_at": iso(reminder.due_at),
        "note": reminder.note,
        "done": reminder.done,
        "done_at": iso(reminder.done_at),
    }


def tag_data(tag: Tag) -> JsonObject:
    return {"id": str(tag.id), "name": tag.name, "colour": tag.colour}


def contact_tag_data(link: ContactTag) -> JsonObject:
    return {"id": str(link.id), "contact_id": str(link.contact_id), "tag_id": str(link.tag_id)}


def field_conflict_data(conflict: FieldConflict) -> JsonObject:
    """Also carries `kept_by` (who made the winning edit), beyond the wire's required keys."""
    return {
        "id": str(conflict.id),
        "contact_id": str(conflict.contact_id),
        "field": conflict.field,
        "lost_value": conflict.lost_value,
        "kept_value": conflict.kept_value,
        "at": iso(conflict.at),
        "lost_by": text_id(conflict.lost_by),
        "kept_by": str(conflict.kept_by),
    }


def consultant_data(user: User) -> JsonObject:
    """A colleague as clients see them (never the password hash).

    `showroom` is the showroom's name and `title` the job title (empty when none was given);
    `role`, `showroom_id` and `is_active` go beyond the wire's required keys.
    """
    return {
        "id": str(user.id),
        "username": user.username,
        "display_name": user.display_name,
        "showroom": user.showroom.name,
        "title": user.title,
        "role": user.role,
        "showroom_id": str(user.showroom_id),
        "is_active": user.is_active,
    }


def channel_data(channel: Channel) -> JsonObject:
    return {
        "id": str(channel.id),
        "owner_id": text_id(channel.owner_id),
        "builtin": channel.builtin,
        "name": channel.name,
        "benefit": channel.benefit,
        "welcome": channel.welcome,
        "tags": list(channel.tags),
        "archived_at": iso(channel.archived_at),
        "created_at": iso(channel.created_at),
        "updated_at": iso(channel.updated_at),
    }


def channel_code_data(code: ChannelCode) -> JsonObject:
    return {
        "id": str(code.id),
        "channel_id": str(code.channel_id),
        "kind": code.kind,
        "owner_id": text_id(code.owner_id),
        "target_id": text_id(code.target_id),
        "token": code.token,
        "status": code.status,
        "created_at": iso(code.created_at),
        "updated_at": iso(code.updated_at),
    }


def material_data(material: Material) -> JsonObject:
    """A material as desks store it; `file_size` and `mime_type` come from its stored file."""
    stored = material.file
    return {
        "id": str(material.id),
        "kind": material.kind,
        "scope": material.scope,
        "owner_id": text_id(material.owner_id),
        "title": material.title,
        "body": material.body,
        "summary": material.summary,
        "url": material.url,
        "category_id": text_id(material.category_id),
        "tags": list(material.tags),
        "models": list(material.models),
        "author": material.author,
        "file_hash": material.file_hash,
        "file_name": material.file_name,
        "file_size": None if stored is None else stored.size,
        "mime_type": "" if stored is None else stored.mime_type,
        "created_at": iso(material.created_at),
        "updated_at": iso(material.updated_at),
    }


def material_category_data(category: MaterialCategory) -> JsonObject:
    return {
        "id": str(category.id),
        "parent_id": text_id(category.parent_id),
        "name": category.name,
        "position": category.position,
    }


def keyword_rule_data(rule: KeywordRule) -> JsonObject:
    return {"id": str(rule.id), "keywords": list(rule.keywords), "tag": rule.tag}


#: Entities served only to clients that name them in `reads` (pull and snapshot): a desk
#: that predates one cannot decode its changes and would stop syncing at the first.
OPT_IN_ENTITIES: frozenset[str] = frozenset({Entity.KEYWORD_RULE.value})
#: Entities every client knows (`wire.Entity`, less the opt-in ones); anything else in the log
#: is server-internal.
SERVED_ENTITIES: tuple[str, ...] = tuple(e.value for e in Entity if e.value not in OPT_IN_ENTITIES)


def served_entities(reads: Iterable[str]) -> tuple[str, ...]:
    """The entities served to a client that reads the opt-in ones it names in `reads`."""
    return SERVED_ENTITIES + tuple(sorted(OPT_IN_ENTITIES.intersection(reads)))
