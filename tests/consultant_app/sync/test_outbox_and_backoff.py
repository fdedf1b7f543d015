"""Reading the outbox in order, recording the server's outcomes, and the retry policy."""

from __future__ import annotations

import random

from consultant_app.domain.activity import ActivityKind
from consultant_app.services.contacts import ContactService
from consultant_app.store.database import Workspace
from consultant_app.sync.backoff import Backoff
from consultant_app.sync.outbox import Outcome, pending, pending_count, record, rejected
from consultant_app.sync.wire import MutationKind


def test_pending_mutations_come_oldest_first_and_in_batches(
    workspace: Workspace, service: ContactService
) -> None:
    first = service.quick_add("张伟", "13812345678")
    service.quick_add("王芳", "13900001111")
    batch = pending(workspace, limit=1)
    assert [m.payload["contact_id"] for m in batch] == [first]
    assert pending_count(workspace) == 2


def test_a_batch_stops_before_the_byte_budget_but_always_holds_one(
    workspace: Workspace, service: ContactService
) -> None:
    first = service.quick_add("张伟", "13812345678")
    for _ in range(2):
        service.add_activity(first, ActivityKind.NOTE, "长" * 4000)  # 12 kB of payload each

    assert [m.kind for m in pending(workspace, max_bytes=2_000)] == [MutationKind.CONTACT_CREATE]
    assert len(pending(workspace, max_bytes=20_000)) == 2
    assert len(pending(workspace, max_bytes=100)) == 1  # one goes, however large
    assert len(pending(workspace)) == 3


def test_applied_mutations_leave_and_rejected_ones_stay_with_their_reason(
    workspace: Workspace, service: ContactService
) -> None:
    contact_id = service.quick_add("张伟", "13812345678")
    service.add_tags([contact_id], ["高意向"])
    create, tag = pending(workspace)
    record(
        workspace,
        [Outcome(create.mutation_id, True), Outcome(tag.mutation_id, False, "not yours")],
    )
    assert pending(workspace) == []
    (refused,) = rejected(workspace)
    assert (refused.kind, refused.contact_id, refused.reason) == (
        MutationKind.TAG_ADD,
        contact_id,
        "not yours",
    )


def test_backoff_grows_is_capped_jittered_and_resets() -> None:
    backoff = Backoff(base_s=2, cap_s=60, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(10)]
    assert 1 <= delays[0] <= 2
    assert all(d <= 60 for d in delays)
    assert delays[-1] >= 30  # at the cap's half or more
    assert len(set(delays)) == len(delays)  # jittered, not in step
    backoff.succeeded()
    assert backoff.next_delay() <= 2
