"""The mutation wire format: what decodes, and what is refused with a reason."""

from __future__ import annotations

import pytest

from consultant_app.sync.wire import REQUIRED_KEYS, Mutation, MutationKind, WireError, decode

UUID = "0b6e3f2a-6a3e-4d4c-9a8e-2f1a1b0c9d8e"


def test_every_kind_declares_its_required_keys() -> None:
    assert set(REQUIRED_KEYS) == set(MutationKind)


def test_a_mutation_round_trips_through_json() -> None:
    mutation = Mutation(
        "0b6e3f2a-6a3e-4d4c-9a8e-2f1a1b0c9d8e",
        MutationKind.CONTACT_SNOOZE,
        {"contact_id": "c", "until": None},
    )
    assert decode(mutation.to_json()) == mutation


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"kind": "contact.explode", "mutation_id": UUID, "payload": {}}, "unknown mutation kind"),
        ({"kind": "contact.snooze", "mutation_id": "m-1", "payload": {}}, "UUID"),
        ({"kind": "contact.snooze", "mutation_id": UUID, "payload": []}, "payload"),
        ({"kind": "contact.snooze", "mutation_id": UUID, "payload": {"until": None}}, "contact_id"),
    ],
)
def test_malformed_mutations_are_refused_with_the_reason(data: object, message: str) -> None:
    with pytest.raises(WireError, match=message):
        decode(data)
