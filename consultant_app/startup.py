"""Opening the desk: the workspace plus the data the kanban's first paint needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from consultant_app.domain.stages import Stage
from consultant_app.store import queries
from consultant_app.store.database import LocalProfile, Workspace, open_workspace
from consultant_app.store.queries import KanbanCard


@dataclass(frozen=True, slots=True)
class StartData:
    """An open workspace and enough cards to paint the kanban.

    `totals` is set when `cards` are only the most urgent of each stage; the rest load later.
    """

    workspace: Workspace
    cards: list[KanbanCard]
    consultant: str
    now: datetime
    totals: dict[Stage, int] | None = None


def open_desk(
    data_dir: Path,
    *,
    demo: bool,
    demo_contacts: int,
    first_cards: int,
    profile: LocalProfile | None = None,
) -> StartData:
    """Open (or create, or for a local demo seed) the workspace and read the first page per
    stage. `profile` names a new workspace's local consultant.

    Plain data and no Qt, so the app can run it on a thread it starts before importing Qt.
    """
    if demo:
        from consultant_app.demo import ensure_demo_workspace

        workspace = ensure_demo_workspace(data_dir, demo_contacts)
    elif profile is not None:
        workspace = open_workspace(data_dir, profile)
    else:
        workspace = open_workspace(data_dir)
    conn = workspace.reader()
    now = datetime.now().astimezone()
    start = queries.board_start(conn, workspace.consultant_id, now, first_cards)
    name = queries.consultant_name(conn, workspace.consultant_id)
    return StartData(workspace, start.cards, name, now, start.totals)
