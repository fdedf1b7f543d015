"""Keyword → tag rules (迈腾 → 意向:迈腾) for signed-in users: managers write them, anyone of
the showroom reads them. The work is in `consultant_server.services.keyword_rules`."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from consultant_server.api.deps import ContextDep, CurrentUser, SessionDep
from consultant_server.models import KeywordRule
from consultant_server.schemas import (
    ErrorBody,
    KeywordRuleBody,
    KeywordRulePublic,
    KeywordRuleUpdate,
)
from consultant_server.services import keyword_rules as service

router = APIRouter(prefix="/keyword-rules", tags=["keyword rules"])

RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No live token"},
    403: {"model": ErrorBody, "description": "Managers only"},
    404: {"model": ErrorBody, "description": "Unknown, or another showroom's"},
}


def rule_body(rule: KeywordRule, tagged: int | None = None) -> KeywordRulePublic:
    return KeywordRulePublic(
        id=rule.id,
        keywords=list(rule.keywords),
        tag=rule.tag,
        created_at=rule.created_at,
        updated_at=rule.updated_at,
        tagged=tagged,
    )


@router.get("", responses=RESPONSES)
def list_rules(user: CurrentUser, session: SessionDep) -> list[KeywordRulePublic]:
    """The showroom's rules, oldest first."""
    return [rule_body(rule) for rule in service.list_rules(session, user)]


@router.post("", status_code=status.HTTP_201_CREATED, responses=RESPONSES)
def create_rule(
    body: KeywordRuleBody, user: CurrentUser, session: SessionDep, context: ContextDep
) -> KeywordRulePublic:
    """Add a rule (managers): existing contacts whose notes mention a keyword get the tag at
    once (`tagged` says how many), and so does text saved from now on. A contact the tag was
    removed from keeps it removed."""
    result = service.create_rule_now(session, user, body.keywords, body.tag, clock=context.clock)
    return rule_body(result.rule, result.tagged)


@router.patch("/{rule_id}", responses=RESPONSES)
def update_rule(
    rule_id: uuid.UUID,
    body: KeywordRuleUpdate,
    user: CurrentUser,
    session: SessionDep,
    context: ContextDep,
) -> KeywordRulePublic:
    """Change a rule (managers); existing contacts it now matches get the tag."""
    result = service.update_rule_now(
        session, user, rule_id, keywords=body.keywords, tag=body.tag, clock=context.clock
    )
    return rule_body(result.rule, result.tagged)


@router.delete("/{rule_id}", status_code=status.HTTP_204_NO_CONTENT, responses=RESPONSES)
def delete_rule(
    rule_id: uuid.UUID, user: CurrentUser, session: SessionDep, context: ContextDep
) -> None:
    """Delete a rule (managers); the tags it gave stay."""
    service.delete_rule_now(session, user, rule_id, clock=context.clock)
