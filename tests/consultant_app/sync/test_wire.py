"""The mutation wire format: what decodes, and what is refused with a reason."""

from __future__ import annotations

import pytest

from consultant_app.sync.wire import (
    REQUIRED_KEYS,
    Entity,
    Mutation,
    MutationKind,
    SubjectRow,
    WireError,
    decode,
    decode_change,
    subject_rows,
)

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


def test_a_change_round_trips_and_an_incomplete_upsert_is_refused() -> None:
    change = decode_change(
        {
            "seq": 7,
            "entity": "tag",
            "id": "t1",
            "op": "upsert",
            "data": {"id": "t1", "name": "高意向", "colour": "#5B8FF9"},
        }
    )
    assert decode_change(change.to_json()) == change
    with pytest.raises(WireError, match="colour"):
        decode_change(
            {
                "seq": 8,
                "entity": "tag",
                "id": "t1",
                "op": "upsert",
                "data": {"id": "t1", "name": "x"},
            }
        )
    with pytest.raises(WireError, match="seq"):
        decode_change({"seq": 0, "entity": "tag", "id": "t1", "op": "delete", "data": {}})


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (MutationKind.MATERIAL_CREATE, [SubjectRow(Entity.MATERIAL, UUID, True)]),
        (MutationKind.MATERIAL_UPDATE, [SubjectRow(Entity.MATERIAL, UUID, False)]),
        (MutationKind.MATERIAL_DELETE, [SubjectRow(Entity.MATERIAL, UUID, False)]),
        (MutationKind.MATERIAL_USE, []),  # changes no synced row: nothing to set back
    ],
)
def test_a_library_mutations_subject_is_the_script_it_made_or_changed(
    kind: MutationKind, expected: list[SubjectRow]
) -> None:
    payload = {"material_id": UUID, "fields": {"title": "迈腾开场白"}, "action": "copy"}
    assert subject_rows(kind, payload) == expected
