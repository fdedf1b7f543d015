"""Link radar (链接雷达): tracked short links to articles, and what an open of one does.

A consultant sharing an article with a customer asks for the customer's link to it
(`link_for`): one per contact and article, made once, named by an unguessable token
(`secrets.token_urlsafe`). The public ``GET /r/<token>`` looks the link up (`target`) and
records the open (`record_open`) before redirecting to the article:

- a burst of opens from one visitor (the same keyed IP hash within `BURST`) counts once;
- a counted open adds a note to the contact's timeline ("链接雷达：客户打开了《…》") and the
  article's interest tags (`consultant_app.library.radar.interest_tags`) to the contact,
  except a tag the consultant removed from that contact before: it stays removed;
- both go through the change log, scoped like every change of the contact (its owner and
  the showroom's managers), so the desk's next pull brings them.

Only http(s) addresses are ever redirected to (checked when the article is published and
again on every open).
"""

from __future__ import annotations

import logging
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultant_app.clock import utcnow
from consultant_app.domain.activity import ActivityKind, tag_colour
from consultant_app.library.models import MaterialKind, Scope
from consultant_app.library.radar import interest_tags, opened_note
from consultant_app.sync.wire import ChangeOp, Entity
from consultant_server.errors import InvalidInputError, NotFoundError
from consultant_server.models import (
    Activity,
    Contact,
    ContactTag,
    Material,
    MaterialLink,
    MaterialLinkOpen,
    User,
)
from consultant_server.services import rows
from consultant_server.services.changelog import ChangeSet, Clock, change_transaction
from consultant_server.services.landing import ip_hash
from consultant_server.services.materials import is_web_address
from consultant_server.services.sync import ensure_tag, may_change

log = logging.getLogger(__name__)

#: Bytes of randomness in a token (22 URL-safe characters).
TOKEN_BYTES = 16
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
#: Opens from one visitor within this long of their last counted one are one open.
BURST = timedelta(minutes=30)


#: User agents of link-preview fetchers and crawlers (a chat app building a link card, a search
#: engine): they get the redirect like anyone, but their fetch is not a customer opening the
#: article. What each bot says of itself is a claim, not proof; a phone's browser says none of
#: these (the CUBOT phone brand is the one "bot" that is a phone).
_AUTOMATED = re.compile(
    r"(?<!cu)bot\b"  # Googlebot, bingbot, TelegramBot, Slackbot, Twitterbot, Applebot …
    r"|spider|crawl|slurp"  # Baiduspider, Sogou web spider, 360Spider, YisouSpider, Bytespider
    r"|preview"  # SkypeUriPreview, Google's page-renderer previews, generic link previews
    r"|facebookexternalhit|facebookcatalog|whatsapp/"  # Meta's (and WhatsApp's) preview fetch
    r"|embedly|quora link|headlesschrome|^curl/|^wget/",
    re.IGNORECASE,
)


def is_automated(user_agent: str | None) -> bool:
    """Whether a request to a tracked link came from a preview fetcher or crawler (or sent
    no user agent at all), so that it does not count as the customer opening the article."""
    agent = (user_agent or "").strip()
    return not agent or _AUTOMATED.search(agent) is not None


class LinkNotFoundError(NotFoundError):
    """No link has this token (or its article can no longer be opened)."""

    def __init__(self) -> None:
        super().__init__("no such link")


def is_link_token(text: str) -> bool:
    """Whether `text` has a link token's form (checked before any database look-up)."""
    return bool(_TOKEN.fullmatch(text))


def link_for(
    session: Session,
    user: User,
    material_id: uuid.UUID,
    contact_id: uuid.UUID,
    *,
    clock: Clock = utcnow,
) -> tuple[MaterialLink, bool]:
    """The contact's tracked link to the article, made if there is none; and whether it was
    made now. The user must be the contact's owner (a manager: of the showroom); the
    material a live company article with a web address."""
    with change_transaction(session, clock=clock):
        contact = session.get(Contact, contact_id)
        if contact is None or not may_change(user, contact) or contact.deleted_at is not None:
            raise NotFoundError(f"unknown contact {contact_id}")
        material = session.get(Material, material_id)
        if (
            material is None
            or material.showroom_id != user.showroom_id
            or material.scope != Scope.COMPANY.value
            or material.retired_at is not None
        ):
            raise NotFoundError(f"unknown material {material_id}")
        if material.kind != MaterialKind.ARTICLE.value or not is_web_address(material.url):
            raise InvalidInputError(
                {"material_id": "only an article with a web address gets a tracked link"}
            )
        existing = _existing(session, contact_id, material_id)
        if existing is not None:
            return existing, False
        link = MaterialLink(
            id=uuid.uuid4(),
            token=secrets.token_urlsafe(TOKEN_BYTES),
            showroom_id=contact.showroom_id,
            material_id=material.id,
            contact_id=contact.id,
            created_by=user.id,
            created_at=clock(),
            opens=0,
            first_opened_at=None,
            last_opened_at=None,
        )
        try:
            with session.begin_nested():
                session.add(link)
                session.flush()
        except IntegrityError:
            # Made by a concurrent request (the same share from two desks) that committed first.
            made = _existing(session, contact_id, material_id)
            assert made is not None
            return made, False
    log.info("%s got link %s for contact %s", user.username, link.id, contact_id)
    return link, True


def _existing(
    session: Session, contact_id: uuid.UUID, material_id: uuid.UUID
) -> MaterialLink | None:
    return session.scalars(
        select(MaterialLink).where(
            MaterialLink.contact_id == contact_id, MaterialLink.material_id == material_id
        )
    ).first()


@dataclass(frozen=True, slots=True)
class Target:
    """Where a link goes: the link's id and the article's address."""

    link_id: uuid.UUID
    url: str


def target(session: Session, token: str) -> Target:
    """The article address a link token redirects to; LinkNotFoundError for anything else."""
    if not is_link_token(token):
        raise LinkNotFoundError()
    found = session.execute(
        select(MaterialLink.id, Material.url)
        .join(Material, Material.id == MaterialLink.material_id)
        .where(MaterialLink.token == token)
    ).first()
    session.rollback()  # only read: end the transaction
    if found is None or not is_web_address(found[1]):
        raise LinkNotFoundError()
    return Target(found[0], found[1])


def record_open(session: Session, link_id: uuid.UUID, ip: str, *, clock: Clock = utcnow) -> bool:
    """Record an open of the link from `ip`; whether it counted (a burst counts once).

    A counted open notes it on the contact's timeline and gives the contact the article's
    interest tags, through the change log, all in one transaction.
    """
    with change_transaction(session, clock=clock) as changes:
        now = clock()
        link = session.scalars(
            select(MaterialLink)
            .where(MaterialLink.id == link_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
        visitor = ip_hash(session, ip, now)
        recent = session.scalar(
            select(MaterialLinkOpen.id)
            .where(
                MaterialLinkOpen.link_id == link.id,
                MaterialLinkOpen.ip_hash == visitor,
                MaterialLinkOpen.opened_at > now - BURST,
            )
            .limit(1)
        )
        if recent is not None:
            return False
        session.add(MaterialLinkOpen(link_id=link.id, opened_at=now, ip_hash=visitor))
        link.opens += 1
        link.first_opened_at = link.first_opened_at or now
        link.last_opened_at = now
        contact = session.get(Contact, link.contact_id)
        material = session.get(Material, link.material_id)
        assert contact is not None and material is not None  # foreign keys
        if contact.deleted_at is None:
            _tell(session, changes, contact, material, link.opens, now)
        session.flush()
    return True


def _tell(
    session: Session,
    changes: ChangeSet,
    contact: Contact,
    material: Material,
    opens: int,
    now: datetime,
) -> None:
    """The note and the interest tags an open gives the contact, logged for its owner."""
    note = Activity(
        id=uuid.uuid4(),
        contact_id=contact.id,
        kind=ActivityKind.NOTE.value,
        body=opened_note(material.title, opens),
        occurred_at=now,
        created_by=contact.owner_id,
        created_at=now,
    )
    session.add(note)
    session.flush()
    _log(changes, contact, Entity.ACTIVITY, note.id, rows.activity_data(note))
    for name in interest_tags(material.tags, material.models):
        tag = ensure_tag(session, changes, contact.showroom_id, name, tag_colour(name), now)
        had = session.scalars(
            select(ContactTag.removed_at).where(
                ContactTag.contact_id == contact.id, ContactTag.tag_id == tag.id
            )
        ).all()
        if had:
            # On the contact already, or removed by the consultant (then it stays removed).
            continue
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
        _log(changes, contact, Entity.CONTACT_TAG, link.id, rows.contact_tag_data(link))


def _log(
    changes: ChangeSet, contact: Contact, entity: Entity, ident: uuid.UUID, data: rows.JsonObject
) -> None:
    changes.add(
        entity.value,
        ident,
        ChangeOp.UPSERT.value,
        data,
        scope_owner_id=contact.owner_id,
        scope_showroom_id=contact.showroom_id,
    )
