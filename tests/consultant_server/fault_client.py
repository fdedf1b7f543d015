"""A client process the fault tests kill on purpose: it syncs once and dies at a chosen point.

    python -m tests.consultant_server.fault_client DATA_DIR SERVER_URL TOKEN DEVICE_ID KILL_AT

KILL_AT is ``pull:N``: SIGKILL inside the Nth pull page's local transaction, after its rows
are written and before it commits; ``push:N``: SIGKILL after the server answered the Nth
push batch, inside the local transaction recording those outcomes, before it commits; or
``none``. Pages and batches are made small (two) so that some commit before the kill.

The hooks live here, never in the product code: they wrap the functions the engine calls.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.orm import Session

from consultant_app.store.database import open_workspace
from consultant_app.sync import apply, engine, outbox

SMALL = 2


def die(*_args: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def kill_in_pull_page(page: int) -> None:
    """Die in the `page`th page's transaction, once its rows and the rebase are written."""
    rebase = apply._rebase
    calls = 0

    def hooked(session: Session, only: set[str] | None = None) -> None:
        nonlocal calls
        rebase(session, only)
        if only is not None:
            return  # refused mutations taken back while recording a push, not a page
        calls += 1
        if calls == page:
            session.flush()
            die()

    apply._rebase = hooked


def kill_in_push_record(batch: int) -> None:
    """Die in the transaction recording the `batch`th push's outcomes, just before COMMIT."""
    record = outbox.record
    calls = 0

    def hooked(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == batch:
            # The outcomes' DELETEs and UPDATEs run before the commit that this stops.
            event.listen(Session, "before_commit", die)
        return record(*args, **kwargs)

    outbox.record = hooked


def main(argv: list[str]) -> int:
    data_dir, url, token, device_id, kill_at = argv
    stage, _, count = kill_at.partition(":")
    engine.PULL_LIMIT = SMALL
    outbox.PUSH_BATCH = SMALL
    if stage == "pull":
        kill_in_pull_page(int(count))
    elif stage == "push":
        kill_in_push_record(int(count))
    workspace = open_workspace(Path(data_dir))
    with httpx.Client(base_url=url, timeout=30) as http:
        engine.SyncClient(workspace, http, token, device_id).sync_once()
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
