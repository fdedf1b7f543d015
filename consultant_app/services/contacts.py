"""Contact commands: add, edit, move between stages (with undo), tag, follow up, remind, snooze.

Each public method is one transaction: it either changes everything it says or nothing, and
that transaction also queues the matching mutations in the outbox for the server.

Text saved with a contact (a follow-up, a reminder's note, the remark) is checked against
the showroom's keyword rules (pulled; docs/library.md, "Keyword tags") in the same
transaction, offline too: each matched rule's tag is added as the consultant's own adds
are, unless the contact ever had it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultant_app.clock import new_id, utcnow
from consultant_app.domain.activity import MAX_NOTE, ActivityKind, tag_colour
from consultant_app.domain.contact import (
    MAX_REMARK,
    MAX_TAG,
    ContactDraft,
    clean_multiline,
    clean_text,
)
from consultant_app.domain.keywords import matches
from consultant_app.domain.pinyin import pinyin_keys
from consultant_app.domain.stages import (
    LostDetails,
    Stage,
    StageDetails,
    check_move,
    details_to_json,
)
from consultant_app.errors import (
    DuplicateContactError,
    FieldError,
    IllegalStageMoveError,
    NotFoundError,
    ValidationError,
)
from consultant_app.store.database import Workspace
from consultant_app.store.schema import (
    Activity,
    Contact,
    ContactModel,
    ContactTag,
    KeywordRule,
    Reminder,
    RemovedTag,
    StageChange,
    Tag,
)
from consultant_app.sync import outbox
from consultant_app.sync.wire import CONTACT_FIELDS, JSONValue, MutationKind


@dataclass(frozen=True, slots=True)
class MoveBatch:
    """One user move of one or more cards; enough to undo it."""

    batch_id: str
    target: Stage
    moved: tuple[tuple[str, Stage], ...]  # (contact id, stage it came from)

    @property
    def contact_ids(self) -> tuple[str, ...]:
        return tuple(cid for cid, _ in self.moved)


class ContactService:
    """The contact commands of one workspace, acting as its signed-in consultant."""

    def __init__(self, workspace: Workspace, clock: Callable[[], datetime] = utcnow) -> None:
        self.workspace = workspace
        self.clock = clock

    @property
    def me(self) -> str:
        return self.workspace.consultant_id

    def add_contact(self, draft: ContactDraft, stage: Stage = Stage.LEAD) -> str:
        """Create a contact in `stage`; DuplicateContactError if the mobile is already known."""
        clean = draft.validated(today=self._today())
        now = self.clock()
        with self.workspace.transaction() as session:
            self._refuse_duplicate(session, clean.mobile, None)
            contact = Contact(
                id=new_id(),
                owner_id=self.me,
                stage=stage.value,
                stage_entered_at=now,
                last_touch_at=now,
                created_at=now,
                updated_at=now,
            )
            self._apply_draft(session, contact, clean)
            session.add(contact)
            # A new contact's rule tags travel in its `contact.create`, like the draft's.
            self._apply_rules(session, contact, contact.remark, now, queue=False)
            change = StageChange(
                id=new_id(),
                contact_id=contact.id,
                from_stage=None,
                to_stage=stage.value,
                changed_at=now,
                changed_by=self.me,
                batch_id=new_id(),
                created_at=now,
                updated_at=now,
            )
            session.add(change)
            self._emit(
                session,
                MutationKind.CONTACT_CREATE,
                {
                    "contact_id": contact.id,
                    "stage": stage.value,
                    "stage_change_id": change.id,
                    "fields": _field_values(contact),
                    "tags": [_tag_add(link) for link in contact.tag_links],
                },
            )
            return contact.id

    def quick_add(self, name: str, mobile: str) -> str:
        """The two-field add from the shortcut: a name and a mobile number are enough."""
        return self.add_contact(ContactDraft(name=name, mobile=mobile))

    def update_contact(self, contact_id: str, draft: ContactDraft) -> None:
        """Replace the contact's editable fields with `draft` (validated first)."""
        clean = draft.validated(today=self._today())
        with self.workspace.transaction() as session:
            contact = self._get(session, contact_id)
            self._refuse_duplicate(session, clean.mobile, contact_id)
            before = _field_values(contact)
            links_before = {link.tag.name: link for link in contact.tag_links}
            self._apply_draft(session, contact, clean)
            contact.updated_at = self.clock()
            after = _field_values(contact)
            changes = {
                field: {"base": before[field], "value": after[field]}
                for field in CONTACT_FIELDS
                if before[field] != after[field]
            }
            links_after = {link.tag.name: link for link in contact.tag_links}
            if "remark" in changes:
                # A tag taken off in this same edit counts as had: it stays off.
                self._apply_rules(
                    session, contact, contact.remark, contact.updated_at, had=links_before
                )
            if changes:
                self._emit(
                    session,
                    MutationKind.CONTACT_UPDATE,
                    {"contact_id": contact.id, "changes": changes},
                )
            for name, link in links_after.items():
                if name not in links_before:
                    self._emit(session, MutationKind.TAG_ADD, _tag_add(link))
            for name, link in links_before.items():
                if name not in links_after:
                    self._emit_tag_remove(session, contact.id, name, [link.id])

    def move_stage(
        self, contact_ids: Sequence[str], target: Stage, details: StageDetails | None = None
    ) -> MoveBatch:
        """Move contacts into `target`, recording history; those already there are skipped.

        Raises IllegalStageMoveError when none of them can move, ValidationError when the
        details are not what `target` needs.
        """
        if not contact_ids:
            raise IllegalStageMoveError("nothing to move")
        now = self.clock()
        batch_id = new_id()
        moved: list[tuple[str, Stage]] = []
        with self.workspace.transaction() as session:
            contacts = [self._get(session, cid) for cid in dict.fromkeys(contact_ids)]
            for contact in contacts:
                current = Stage(contact.stage)
                if current == target:
                    continue
                check_move(current, target, details)
                self._record_move(session, contact, target, details, batch_id, now, undo=False)
                moved.append((contact.id, current))
            if not moved:
                raise IllegalStageMoveError(f"already in {target.value}")
        return MoveBatch(batch_id, target, tuple(moved))

    def undo_move(self, batch: MoveBatch) -> MoveBatch:
        """Move the cards of `batch` back where they came from (if they are still in its target).

        The undo is itself history; the returned batch describes it.
        """
        now = self.clock()
        undo_id = new_id()
        moved: list[tuple[str, Stage]] = []
        with self.workspace.transaction() as session:
            for contact_id, previous in batch.moved:
                contact = session.get(Contact, contact_id)
                if contact is None or contact.deleted_at is not None or contact.owner_id != self.me:
                    continue
                if Stage(contact.stage) != batch.target:
                    continue
                self._record_move(session, contact, previous, None, undo_id, now, undo=True)
                moved.append((contact.id, batch.target))
            if not moved:
                raise IllegalStageMoveError("nothing left to undo")
        target = batch.moved[0][1] if len({s for _, s in batch.moved}) == 1 else batch.target
        return MoveBatch(undo_id, target, tuple(moved))

    def add_tags(self, contact_ids: Iterable[str], names: Iterable[str]) -> None:
        """Put each tag on each contact (a set: adding twice changes nothing)."""
        clean_names = [n for n in dict.fromkeys(clean_text(x) for x in names) if n]
        for name in clean_names:
            if len(name) > MAX_TAG:
                raise ValidationError({"tags": FieldError("too_long", limit=MAX_TAG)})
        if not clean_names:
            raise ValidationError({"tags": FieldError("required")})
        now = self.clock()
        with self.workspace.transaction() as session:
            tags = [self._tag(session, n) for n in clean_names]
            for contact_id in dict.fromkeys(contact_ids):
                contact = self._get(session, contact_id)
                have = {link.tag_id for link in contact.tag_links}
                for tag in tags:
                    if tag.id not in have:
                        link = ContactTag(
                            id=new_id(), tag=tag, tag_id=tag.id, created_at=now, updated_at=now
                        )
                        contact.tag_links.append(link)
                        link.contact_id = contact.id
                        self._emit(session, MutationKind.TAG_ADD, _tag_add(link))
                contact.updated_at = now

    def remove_tag(self, contact_id: str, name: str) -> None:
        """Take a tag off a contact; removing one it does not have changes nothing."""
        with self.workspace.transaction() as session:
            contact = self._get(session, contact_id)
            removed = [link.id for link in contact.tag_links if link.tag.name == name]
            if not removed:
                return
            contact.tag_links = [link for link in contact.tag_links if link.tag.name != name]
            contact.updated_at = self.clock()
            self._emit_tag_remove(session, contact.id, name, removed)

    def add_activity(
        self,
        contact_id: str,
        kind: ActivityKind,
        body: str,
        occurred_at: datetime | None = None,
    ) -> str:
        """Log a follow-up; it counts as touching the contact."""
        text = clean_multiline(body)
        if len(text) > MAX_REMARK:
            raise ValidationError({"body": FieldError("too_long", limit=MAX_REMARK)})
        if kind is ActivityKind.NOTE and not text:
            raise ValidationError({"body": FieldError("required")})
        now = self.clock()
        when = occurred_at or now
        if when > now:
            raise ValidationError({"occurred_at": FieldError("in_future")})
        with self.workspace.transaction() as session:
            contact = self._get(session, contact_id)
            activity = Activity(
                id=new_id(),
                contact_id=contact_id,
                kind=kind.value,
                body=text,
                occurred_at=when,
                created_by=self.me,
                created_at=now,
                updated_at=now,
            )
            session.add(activity)
            contact.last_touch_at = max(contact.last_touch_at, when)
            contact.updated_at = now
            self._apply_rules(session, contact, text, now)
            self._emit(
                session,
                MutationKind.ACTIVITY_ADD,
                {
                    "activity_id": activity.id,
                    "contact_id": contact_id,
                    "kind": kind.value,
                    "body": text,
                    "occurred_at": when.isoformat(),
                },
            )
            return activity.id

    def add_reminder(self, contact_id: str, due_at: datetime, note: str) -> str:
        """Schedule a reminder for a contact."""
        text = clean_text(note)
        if len(text) > MAX_NOTE:
            raise ValidationError({"note": FieldError("too_long", limit=MAX_NOTE)})
        now = self.clock()
        with self.workspace.transaction() as session:
            contact = self._get(session, contact_id)
            reminder = Reminder(
                id=new_id(),
                contact_id=contact_id,
                due_at=due_at,
                note=text,
                done=False,
                created_at=now,
                updated_at=now,
            )
            session.add(reminder)
            self._apply_rules(session, contact, text, now)
            self._emit(
                session,
                MutationKind.REMINDER_ADD,
                {
                    "reminder_id": reminder.id,
                    "contact_id": contact_id,
                    "due_at": due_at.isoformat(),
                    "note": text,
                },
            )
            return reminder.id

    def complete_reminder(self, reminder_id: str) -> str:
        """Mark a reminder done (it counts as touching the contact); returns the contact id."""
        now = self.clock()
        with self.workspace.transaction() as session:
            reminder = session.get(Reminder, reminder_id)
            if reminder is None:
                raise NotFoundError(reminder_id)
            if not reminder.done:
                reminder.done = True
                reminder.done_at = now
                reminder.updated_at = now
                contact = self._get(session, reminder.contact_id)
                contact.last_touch_at = now
                contact.updated_at = now
                self._emit(
                    session,
                    MutationKind.REMINDER_COMPLETE,
                    {"reminder_id": reminder.id, "done_at": now.isoformat()},
                )
            return reminder.contact_id

    def snooze(self, contact_ids: Iterable[str], until: date | None) -> None:
        """Stop the contacts rotting until `until` (None wakes them again)."""
        if until is not None and until < self._today():
            raise ValidationError({"snoozed_until": FieldError("in_past")})
        now = self.clock()
        with self.workspace.transaction() as session:
            for contact_id in dict.fromkeys(contact_ids):
                contact = self._get(session, contact_id)
                contact.snoozed_until = until
                contact.updated_at = now
                self._emit(
                    session,
                    MutationKind.CONTACT_SNOOZE,
                    {"contact_id": contact.id, "until": until.isoformat() if until else None},
                )

    def _emit(self, session: Session, kind: MutationKind, payload: dict[str, JSONValue]) -> None:
        """Queue a mutation for the server in the caller's transaction."""
        outbox.enqueue(session, kind, payload, self.clock())

    def _emit_tag_remove(
        self, session: Session, contact_id: str, name: str, observed: list[str]
    ) -> None:
        """Queue a tag's removal, and remember it: a keyword rule never gives the tag back."""
        remembered = session.get(RemovedTag, (contact_id, name))
        if remembered is None:
            session.add(RemovedTag(contact_id=contact_id, tag_name=name, created_at=self.clock()))
        self._emit(
            session,
            MutationKind.TAG_REMOVE,
            {"contact_id": contact_id, "name": name, "observed_add_ids": observed},
        )

    def _apply_rules(
        self,
        session: Session,
        contact: Contact,
        text: str,
        now: datetime,
        *,
        queue: bool = True,
        had: Iterable[str] = (),
    ) -> None:
        """Give the contact the tag of each keyword rule `text` matches (`domain.keywords`,
        as the server matches), unless it ever had it: on it now, removed (then it stays
        removed), or named in `had`.

        Each add is queued (`queue`) as a `tag.add` marked with its rule (`rule_id`), before
        the mutation that saves the text, whose own rules on the server then find the tag
        there: one add, the desk's, which a removal on this desk names. The server applies a
        marked add without adding when the contact has or had the tag there (given or
        removed where this desk has not heard yet), and the desk drops its add on the pull.
        """
        if not text:
            return
        rules = session.execute(
            select(KeywordRule.id, KeywordRule.keywords_json, KeywordRule.tag).order_by(
                KeywordRule.id
            )
        ).all()
        if not rules:
            return
        known = {*had, *(link.tag.name for link in contact.tag_links)}
        known.update(
            session.scalars(select(RemovedTag.tag_name).where(RemovedTag.contact_id == contact.id))
        )
        for rule_id, keywords_json, name in rules:
            keywords = [str(k) for k in json.loads(keywords_json)]
            if name in known or not matches(keywords, text):
                continue
            known.add(name)
            tag = self._tag(session, name)
            link = ContactTag(id=new_id(), tag=tag, tag_id=tag.id, created_at=now, updated_at=now)
            contact.tag_links.append(link)
            link.contact_id = contact.id
            contact.updated_at = now
            if queue:
                self._emit(session, MutationKind.TAG_ADD, {**_tag_add(link), "rule_id": rule_id})

    def _today(self) -> date:
        return self.clock().astimezone().date()

    def _get(self, session: Session, contact_id: str) -> Contact:
        contact = session.get(Contact, contact_id)
        if contact is None or contact.deleted_at is not None or contact.owner_id != self.me:
            raise NotFoundError(contact_id)
        return contact

    def _refuse_duplicate(self, session: Session, mobile: str, own_id: str | None) -> None:
        if not mobile:
            return
        existing = session.execute(
            select(Contact.id, Contact.name).where(
                Contact.owner_id == self.me,
                Contact.mobile == mobile,
                Contact.deleted_at.is_(None),
            )
        ).first()
        if existing is not None and existing[0] != own_id:
            raise DuplicateContactError(existing[0], existing[1])

    def _apply_draft(self, session: Session, contact: Contact, draft: ContactDraft) -> None:
        now = self.clock()
        contact.name = draft.name
        contact.name_pinyin, contact.name_initials = pinyin_keys(draft.name)
        contact.mobile = draft.mobile or None
        contact.wecom_id = draft.wecom_id
        contact.gender = draft.gender.value
        contact.budget_min_yuan = draft.budget_min_yuan
        contact.budget_max_yuan = draft.budget_max_yuan
        contact.source_channel = draft.source_channel
        contact.birthday = draft.birthday
        contact.remark = draft.remark
        existing = {m.model_name: m for m in contact.models}
        contact.models = [
            existing.get(name)
            or ContactModel(model_name=name, position=i, created_at=now, updated_at=now)
            for i, name in enumerate(draft.models)
        ]
        for i, model in enumerate(contact.models):
            model.position = i
        tags = {link.tag.name: link for link in contact.tag_links}
        links = []
        for name in draft.tags:
            link = tags.get(name)
            if link is None:
                tag = self._tag(session, name)
                link = ContactTag(
                    id=new_id(), tag=tag, tag_id=tag.id, created_at=now, updated_at=now
                )
                link.contact_id = contact.id
            links.append(link)
        contact.tag_links = links

    def _tag(self, session: Session, name: str) -> Tag:
        tag = session.execute(select(Tag).where(Tag.name == name)).scalar_one_or_none()
        if tag is None:
            now = self.clock()
            tag = Tag(
                id=new_id(), name=name, colour=tag_colour(name), created_at=now, updated_at=now
            )
            session.add(tag)
            session.flush()
        return tag

    def _record_move(
        self,
        session: Session,
        contact: Contact,
        target: Stage,
        details: StageDetails | None,
        batch_id: str,
        now: datetime,
        *,
        undo: bool,
    ) -> None:
        lost = details if isinstance(details, LostDetails) else None
        change = StageChange(
            id=new_id(),
            contact_id=contact.id,
            from_stage=contact.stage,
            to_stage=target.value,
            changed_at=now,
            changed_by=self.me,
            lost_reason=lost.reason.value if lost else None,
            competitor=clean_text(lost.competitor) if lost else "",
            details_json=json.dumps(details_to_json(details), ensure_ascii=False)
            if details
            else None,
            batch_id=batch_id,
            is_undo=undo,
            created_at=now,
            updated_at=now,
        )
        session.add(change)
        self._emit(
            session,
            MutationKind.STAGE_MOVE,
            {
                "contact_id": contact.id,
                "stage_change_id": change.id,
                "from_stage": contact.stage,
                "to_stage": target.value,
                "details": details_to_json(details),
                "batch_id": batch_id,
                "undo": undo,
            },
        )
        contact.stage = target.value
        contact.stage_entered_at = now
        contact.last_touch_at = now
        contact.updated_at = now


def _field_values(contact: Contact) -> dict[str, JSONValue]:
    """The contact's mergeable fields as JSON values (see `sync.wire.CONTACT_FIELDS`)."""
    return {
        "name": contact.name,
        "mobile": contact.mobile,
        "wecom_id": contact.wecom_id,
        "gender": contact.gender,
        "models": [m.model_name for m in contact.models],
        "budget_min_yuan": contact.budget_min_yuan,
        "budget_max_yuan": contact.budget_max_yuan,
        "source_channel": contact.source_channel,
        "birthday": contact.birthday.isoformat() if contact.birthday else None,
        "remark": contact.remark,
    }


def _tag_add(link: ContactTag) -> dict[str, JSONValue]:
    return {
        "add_id": link.id,
        "contact_id": link.contact_id,
        "name": link.tag.name,
        "colour": link.tag.colour,
    }
