"""The mutation wire format: what decodes, and what is refused with a reason."""

from __future__ import annotations

import pytest

from consultant_app.sync.wire import REQUIRED_KEYS, Mutation, MutationKind, WireError, decode


def test_every_kind_declares_its_required_keys() -> None:
    assert set(REQUIRED_KEYS) == set(MutationKind)


def test_a_mutation_round_trips_through_json() -> None:
    mutation = Mutation("m-1", MutationKind.CONTACT_SNOOZE, {"contact_id": "c", "until": None})
    assert decode(mutation.to_json()) == mutation


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"kind": "contact.explode", "mutation_id": "m", "payload": {}}, "unknown mutation kind"),
        ({"kind": "contact.snooze", "mutation_id": "", "payload": {}}, "mutation_id"),
        ({"kind": "contact.snooze", "mutation_id": "m", "payload": []}, "payload"),
        ({"kind": "contact.snooze", "mutation_id": "m", "payload": {"until": None}}, "contact_id"),
    ],
)
def test_malformed_mutations_are_refused_with_the_reason(data: object, message: str) -> None:
    with pytest.raises(WireError, match=message):
        decode(data)
