"""Diagnostics for support: the installation's facts, read without changing anything, and never
anything about customers."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from consultant_app import __version__
from consultant_app.deployment import DEPLOYMENT_FILE, Deployment, read_deployment
from consultant_app.diagnostics import collect_diagnostics, redact_personal_data
from consultant_app.domain.contact import ContactDraft
from consultant_app.services.contacts import ContactService
from consultant_app.store.database import DB_FILENAME, HEAD_REVISION, Workspace

DEPLOYED = Deployment(
    server_url="https://crm.example-dealer.cn",
    showroom="上海浦东店",
    language="zh_CN",
    update_channel="beta",
    source=Path("/opt/showroom-desk/deployment.toml"),
)


def test_diagnostics_name_the_version_folders_schema_and_server(
    workspace: Workspace, data_dir: Path
) -> None:
    diagnostics = collect_diagnostics(data_dir, DEPLOYED, qt="Qt 6.11.3, PySide6 6.11.3")
    text = diagnostics.as_text()

    assert diagnostics.database.schema_revision == HEAD_REVISION
    assert diagnostics.log_dir == data_dir / "logs"
    for expected in (
        f"Showroom Desk {__version__}",
        "Python: ",
        "OS: ",
        "Qt: Qt 6.11.3, PySide6 6.11.3",
        f"Data folder: {data_dir}",
        f"Log folder: {data_dir / 'logs'}",
        f"Database schema: {HEAD_REVISION}; this build knows up to {HEAD_REVISION}",
        "Pending changes to sync: 0",
        "Server: https://crm.example-dealer.cn",
        "Showroom: 上海浦东店",
        "Update channel: beta",
        "Deployment file: /opt/showroom-desk/deployment.toml",
    ):
        assert expected in text, expected


def test_the_pending_outbox_counts_unsynced_changes(
    service: ContactService, data_dir: Path
) -> None:
    service.quick_add("张伟", "13812345678")
    service.quick_add("王芳", "13900001111")

    diagnostics = collect_diagnostics(data_dir, Deployment())

    assert diagnostics.database.pending_outbox == 2


def test_diagnostics_never_contain_customers_personal_data(
    service: ContactService, data_dir: Path
) -> None:
    customers = [
        ContactDraft(
            name="欧阳娜娜",
            mobile="13912345678",
            wecom_id="nana_ouyang88",
            models=("迈腾",),
            tags=("高意向",),
            remark="周六带孩子来看车",
        ),
        ContactDraft(name="Zhang Wei", mobile="13700002222"),
    ]
    for draft in customers:
        service.add_contact(draft)

    text = collect_diagnostics(data_dir, DEPLOYED).as_text()

    for secret in (
        "欧阳娜娜",
        "13912345678",
        "nana_ouyang88",
        "周六带孩子",
        "Zhang Wei",
        "13700002222",
    ):
        assert secret not in text


def test_collecting_diagnostics_changes_nothing(service: ContactService, data_dir: Path) -> None:
    service.quick_add("张伟", "13812345678")
    service.workspace.close()
    db = data_dir / DB_FILENAME
    before = hashlib.sha256(db.read_bytes()).hexdigest()

    collect_diagnostics(data_dir, Deployment())

    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not (data_dir / f"{DB_FILENAME}-journal").exists()


def test_a_folder_without_a_database_is_described_not_created(tmp_path: Path) -> None:
    folder = tmp_path / "fresh"
    folder.mkdir()

    diagnostics = collect_diagnostics(folder, Deployment())

    assert "Database schema: no database yet" in diagnostics.as_text()
    assert not (folder / DB_FILENAME).exists()


def test_an_unreadable_database_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / DB_FILENAME).write_bytes(b"this is not SQLite at all" * 100)

    diagnostics = collect_diagnostics(tmp_path, Deployment())

    assert diagnostics.database.error.startswith("DatabaseError")
    assert "Database schema: unknown (DatabaseError" in diagnostics.as_text()


def test_deployment_problems_are_listed(tmp_path: Path) -> None:
    path = tmp_path / DEPLOYMENT_FILE
    path.write_text('server_url = "crm.example.cn"\n', encoding="utf-8")

    text = collect_diagnostics(tmp_path, read_deployment(path)).as_text()

    assert f"Deployment file: {path} (1 problem(s))" in text
    assert f"{path}, line 1: server_url = 'crm.example.cn': must start with https://" in text


def test_without_a_deployment_file_it_says_none(tmp_path: Path) -> None:
    assert "Deployment file: none" in collect_diagnostics(tmp_path, Deployment()).as_text()


def test_phone_numbers_in_free_text_are_masked() -> None:
    text = "failed for 13812345678, +86 139 1234 5678 and 021-62345678 at 2024-06-15 10:00"

    assert redact_personal_data(text) == (
        "failed for 138******78, 139******78 and 021******78 at 2024-06-15 10:00"
    )


def test_the_collection_time_is_local_and_recent(tmp_path: Path) -> None:
    collected = collect_diagnostics(tmp_path, Deployment()).collected_at

    assert collected.tzinfo is not None
    assert abs(collected - datetime.now(UTC)) < timedelta(minutes=1)
