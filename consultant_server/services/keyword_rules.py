"""Keyword → tag rules (迈腾 → 意向:迈腾; 贷款, 分期 → 关注金融), defined by managers.

A rule gives its tag to every contact of the showroom whose notes or follow-up text mention
any of its keywords: the contact's remark, its activities' text (calls, visits, messages,
notes) and its reminders' notes. Matching is by substring, ignoring case (text being saved is
compared as `consultant_app.domain.keywords` does, in NFKC form, exactly as desks do; the
scan of existing contacts on a new rule runs in SQL and compares as stored).

- **Rules reach the desks** as pulled `keyword_rule` rows (`log_rule`), and desks apply them
  to text as it is saved, offline too, queuing each tag as a `tag.add` marked `rule_id`
  (`consultant_app.services.contacts`).
- **When text is saved**: a pushed `activity.add`, `reminder.add`, `contact.create` or a
  `contact.update` of the remark is checked against the showroom's rules in the mutation's
  own transaction (`after_mutation`, called by push), for desks that had not the rule yet;
  the tags arrive at the desk with the same sync round's pull.
- **When a rule is added or changed**: every existing contact of the showroom it matches gets
  the tag, in the same transaction.
- **A tag the consultant removed stays removed**: a contact that ever had the tag (an add of
  it, live or removed) is never given it again by a rule, nor by a desk's marked `tag.add`
  (push applies that without adding: `ever_had`).

Tags given by rules are ordinary adds (`contact_tag`), logged for the contact's owner and
the showroom's managers, attributed to the contact's owner.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from consultant_app.clock import utcnow
from consultant_app.domain.activity import tag_colour
from consultant_app.domain.contact import MAX_TAG, clean_text
from consultant_app.domain.keywords import fold, matches
from consultant_app.sync.wire import ChangeOp, Entity, JSONValue, Mutation, MutationKind
from consultant_server.errors import ForbiddenError, InvalidInputError, NotFoundError
from consultant_server.models import (
    Activity,
    Contact,
    ContactTag,
    KeywordRule,
    Reminder,
    Role,
    User,
)
from consultant_server.services import rows
from consultant_server.services.changelog import ChangeSet, Clock, change_transaction

log = logging.getLogger(__name__)

MAX_KEYWORDS = 20
MAX_KEYWORD = 20
MAX_RULES = 500


@dataclass(frozen=True, slots=True)
class RuleResult:
    """A rule as written, and how many existing contacts it tagged now."""

    rule: KeywordRule
    tagged: int


def clean_rule(keywords: Iterable[str], tag: str) -> tuple[tuple[str, ...], str]:
    """The rule's keywords (cleaned, each once) and tag; InvalidInputError names what is wrong."""
    problems: dict[str, str] = {}
    words: dict[str, str] = {}
    for keyword in keywords:
        clean = clean_text(keyword)
        if clean:
            words.setdefault(fold(clean), clean)
    if not words:
        problems["keywords"] = "at least one keyword"
    elif len(words) > MAX_KEYWORDS or any(len(w) > MAX_KEYWORD for w in words.values()):
        problems["keywords"] = f"at most {MAX_KEYWORDS} keywords of {MAX_KEYWORD} characters"
    name = clean_text(tag)
    if not name:
        problems["tag"] = "required"
    elif len(name) > MAX_TAG:
        problems["tag"] = f"at most {MAX_TAG} characters"
    if problems:
        raise InvalidInputError(problems)
    return tuple(words.values()), name


def _check_manager(user: User, action: str) -> None:
    if user.role != Role.MANAGER.value:
        raise ForbiddenError(f"only a manager {action}")


def list_rules(session: Session, user: User) -> list[KeywordRule]:
    """The showroom's live rules, oldest first (anyone of the showroom may read them)."""
    return list(
        session.scalars(
            select(KeywordRule)
            .where(KeywordRule.showroom_id == user.showroom_id, KeywordRule.deleted_at.is_(None))
            .order_by(KeywordRule.created_at, KeywordRule.id)
        )
    )


def _live_rule(session: Session, user: User, rule_id: uuid.UUID) -> KeywordRule:
    rule = session.get(KeywordRule, rule_id)
    if rule is None or rule.showroom_id != user.showroom_id or rule.deleted_at is not None:
        raise NotFoundError(f"unknown rule {rule_id}")
    return rule


def create_rule_now(
    session: Session,
    user: User,
    keywords: Iterable[str],
    tag: str,
    *,
    clock: Clock = utcnow,
) -> RuleResult:
    """Add a rule (a manager) and give its tag to every existing contact of the showroom it
    matches, in one transaction."""
    _check_manager(user, "adds keyword rules")
    words, name = clean_rule(keywords, tag)
    with change_transaction(session, clock=clock) as changes:
        if len(list_rules(session, user)) >= MAX_RULES:
            raise InvalidInputError({"keywords": f"at most {MAX_RULES} rules per showroom"})
        now = clock()
        rule = KeywordRule(
            id=uuid.uuid4(),
            showroom_id=user.showroom_id,
            keywords=list(words),
            tag=name,
            created_by=user.id,
            deleted_at=None,
            created_at=now,
            updated_at=now,
        )
        session.add(rule)
        session.flush()
        log_rule(changes, rule)
        tagged = apply_to_showroom(session, changes, rule, now)
    log.info("%s added rule %s → %s (%d contacts tagged)", user.username, words, name, tagged)
    return RuleResult(rule, tagged)


def update_rule_now(
    session: Session,
    user: User,
    rule_id: uuid.UUID,
    *,
    keywords: Iterable[str] | None = None,
    tag: str | None = None,
    clock: Clock = utcnow,
) -> RuleResult:
    """Change a rule's keywords or tag (a manager); existing contacts it now matches get the
    tag, as for a new rule. Tags it gave before stay."""
    _check_manager(user, "changes keyword rules")
    with change_transaction(session, clock=clock) as changes:
        rule = _live_rule(session, user, rule_id)
        words, name = clean_rule(
            rule.keywords if keywords is None else keywords, rule.tag if tag is None else tag
        )
        now = clock()
        rule.keywords, rule.tag, rule.updated_at = list(words), name, now
        session.flush()
        log_rule(changes, rule)
        tagged = apply_to_showroom(session, changes, rule, now)
    return RuleResult(rule, tagged)


def delete_rule_now(
    session: Session, user: User, rule_id: uuid.UUID, *, clock: Clock = utcnow
) -> None:
    """Delete a rule (a manager); the tags it gave stay on their contacts."""
    _check_manager(user, "deletes keyword rules")
    with change_transaction(session, clock=clock) as changes:
        rule = _live_rule(session, user, rule_id)
        rule.deleted_at = rule.updated_at = clock()
        log_rule(changes, rule)


def log_rule(changes: ChangeSet, rule: KeywordRule) -> None:
    """A rule's whole row (or, deleted, its removal), for the whole showroom: desks apply the
    rules themselves to text saved offline."""
    if rule.deleted_at is None:
        op, payload = ChangeOp.UPSERT, rows.keyword_rule_data(rule)
    else:
        op, payload = ChangeOp.DELETE, {"id": str(rule.id)}
    changes.add(
        Entity.KEYWORD_RULE.value,
        rule.id,
        op.value,
        payload,
        scope_owner_id=None,
        scope_showroom_id=rule.showroom_id,
    )


def apply_to_showroom(
    session: Session, changes: ChangeSet, rule: KeywordRule, now: datetime
) -> int:
    """Give the rule's tag to every live contact of its showroom whose remark, activities or
    reminder notes mention a keyword; how many got it."""

    def any_word(column: InstrumentedAttribute[str]) -> ColumnElement[bool]:
        return or_(*(column.icontains(word, autoescape=True) for word in rule.keywords))

    in_showroom = (Contact.showroom_id == rule.showroom_id, Contact.deleted_at.is_(None))
    found: set[uuid.UUID] = set(
        session.scalars(select(Contact.id).where(*in_showroom, any_word(Contact.remark)))
    )
    for model, text in ((Activity, Activity.body), (Reminder, Reminder.note)):
        found.update(
            session.scalars(
                select(model.contact_id)
                .join(Contact, Contact.id == model.contact_id)
                .where(*in_showroom, any_word(text))
                .distinct()
            )
        )
    tagged = 0
    for contact_id in sorted(found):
        contact = session.get(Contact, contact_id)
        assert contact is not None
        if give_tag(session, changes, contact, rule.tag, now):
            tagged += 1
    return tagged


def give_tag(
    session: Session, changes: ChangeSet, contact: Contact, name: str, now: datetime
) -> bool:
    """Add tag `name` to the contact unless it ever had it (on it now, or removed by the
    consultant: then it stays removed); whether it was added."""
    from consultant_server.services.sync import ensure_tag  # (sync imports this module)

    tag = ensure_tag(session, changes, contact.showroom_id, name, tag_colour(name), now)
    if ever_had(session, contact.id, tag.id):
        return False
    link = ContactTag(
        id=uuid.uuid4(),
        contact_id=contact.id,
        tag_id=tag.id,
        added_by=contact.owner_id,
        created_at=now,
        removed_at=None,
        removed_by=None,
    )
    session.add(link)
    session.flush()
    changes.add(
        Entity.CONTACT_TAG.value,
        link.id,
        ChangeOp.UPSERT.value,
        rows.contact_tag_data(link),
        scope_owner_id=contact.owner_id,
        scope_showroom_id=contact.showroom_id,
    )
    return True


def ever_had(session: Session, contact_id: uuid.UUID, tag_id: uuid.UUID) -> bool:
    """Whether the contact has, or ever had, the tag (an add of it, live or removed)."""
    found = session.scalar(
        select(ContactTag.id)
        .where(ContactTag.contact_id == contact_id, ContactTag.tag_id == tag_id)
        .limit(1)
    )
    return found is not None


def _saved_text(mutation: Mutation) -> tuple[str, str] | None:
    """The contact id and the text a mutation saved, for the kinds rules look at."""
    payload: Mapping[str, JSONValue] = mutation.payload
    text: JSONValue = None
    if mutation.kind is MutationKind.ACTIVITY_ADD:
        text = payload.get("body")
    elif mutation.kind is MutationKind.REMINDER_ADD:
        text = payload.get("note")
    elif mutation.kind is MutationKind.CONTACT_CREATE:
        fields = payload.get("fields")
        text = fields.get("remark") if isinstance(fields, dict) else None
    elif mutation.kind is MutationKind.CONTACT_UPDATE:
        edits = payload.get("changes")
        remark = edits.get("remark") if isinstance(edits, dict) else None
        text = remark.get("value") if isinstance(remark, dict) else None
    contact_id = payload.get("contact_id")
    if not isinstance(text, str) or not text or not isinstance(contact_id, str):
        return None
    return contact_id, text


def after_mutation(session: Session, changes: ChangeSet, mutation: Mutation, now: datetime) -> None:
    """Apply the showroom's rules to the text an applied mutation saved (push calls this in
    the mutation's transaction, after applying it)."""
    saved = _saved_text(mutation)
    if saved is None:
        return
    try:
        contact = session.get(Contact, uuid.UUID(saved[0]))
    except ValueError:
        return
    if contact is None or contact.deleted_at is not None:
        return
    rules = session.scalars(
        select(KeywordRule)
        .where(KeywordRule.showroom_id == contact.showroom_id, KeywordRule.deleted_at.is_(None))
        .order_by(KeywordRule.created_at, KeywordRule.id)
    ).all()
    for rule in rules:
        if matches(rule.keywords, saved[1]):
            give_tag(session, changes, contact, rule.tag, now)
