"""Pruning stored files no live material needs (`materials.prune_files`)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from consultant_server.models import Material, MaterialFile, MaterialFileShowroom, User
from consultant_server.services import materials
from tests.consultant_server.material_support import pdf, png, publish, upload
from tests.consultant_server.support import FakeClock, TestClient, bearer, login

Sessions = sessionmaker[Session]


def stored(sessions: Sessions) -> set[str]:
    with sessions() as session:
        return set(session.scalars(select(MaterialFile.sha256)))


def test_files_of_long_retired_materials_and_stale_uploads_go_and_live_ones_stay(
    client: TestClient, team: dict[str, User], sessions: Sessions, clock: FakeClock
) -> None:
    manager = bearer(login(client, "wangfang"))
    kept_image = upload(client, manager, png("green"), "image/png")
    publish(client, manager, kind="image", title="迈腾海报", body="", file_hash=kept_image)
    old_sheet = upload(client, manager, pdf("old spec"), "application/pdf")
    retired = publish(
        client, manager, kind="document", title="旧参数表", body="", file_hash=old_sheet
    )
    shared = upload(client, manager, png("blue"), "image/png")  # named by a live and a retired
    publish(client, manager, kind="image", title="海报 A", body="", file_hash=shared)
    gone = publish(client, manager, kind="image", title="海报 B", body="", file_hash=shared)
    stale = upload(client, manager, png("red"), "image/png")  # never published
    for material in (retired, gone):
        assert client.delete(f"/materials/{material['id']}", headers=manager).status_code == 200

    clock.advance(days=29)
    fresh = upload(client, manager, png("white"), "image/png")  # waiting for its material
    with sessions() as session:
        early = materials.prune_files(session, clock=clock)
    assert (early.files, early.released) == (0, 0)  # nothing is past the 30 days yet

    clock.advance(days=2)
    with sessions() as session:
        dry = materials.prune_files(session, dry_run=True, clock=clock)
    assert (dry.files, dry.released) == (2, 2)
    assert stored(sessions) == {kept_image, old_sheet, shared, stale, fresh}  # a dry run
    with sessions() as session:
        done = materials.prune_files(session, clock=clock)
    assert done == dry and done.bytes == len(pdf("old spec")) + len(png("red"))
    assert stored(sessions) == {kept_image, shared, fresh}
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(MaterialFileShowroom)) == 3
        titles = dict(session.execute(select(Material.title, Material.file_hash)).all())
    assert titles["旧参数表"] is None and titles["海报 B"] is None  # still there for statistics
    assert titles["海报 A"] == shared

    # Still readable: the live ones download; a pruned one is unknown.
    consultant = bearer(login(client, "zhangwei"))
    assert client.get(f"/materials/files/{shared}", headers=consultant).status_code == 200
    assert client.get(f"/materials/files/{old_sheet}", headers=consultant).status_code == 404
    with sessions() as session:
        assert materials.prune_files(session, older_than=timedelta(0), clock=clock).files == 1
    assert stored(sessions) == {kept_image, shared}  # the fresh upload, once past the cut-off
