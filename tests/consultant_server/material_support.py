"""Helpers for the material library's tests: real image and PDF bytes, publishing over HTTP,
and material mutations shaped as the desk's `LibraryService` makes them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PIL import Image

from consultant_app.sync.wire import MutationKind
from tests.consultant_server.support import TestClient
from tests.consultant_server.sync_support import mutation, new_id

Json = dict[str, Any]


def png(colour: str = "red", size: int = 24) -> bytes:
    """A real PNG image."""
    out = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(out, "PNG")
    return out.getvalue()


def jpeg(colour: str = "blue") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(out, "JPEG")
    return out.getvalue()


def pdf(text: str = "Magotan 330TSI") -> bytes:
    """A real one-page PDF."""
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


def upload(client: TestClient, headers: Mapping[str, str], data: bytes, kind: str) -> str:
    """Upload a file as a manager; its SHA-256."""
    response = client.post(
        "/materials/files", content=data, headers={**headers, "Content-Type": kind}
    )
    assert response.status_code in (200, 201), response.text
    digest: str = response.json()["sha256"]
    return digest


def publish(client: TestClient, headers: Mapping[str, str], **fields: Any) -> Json:
    """Publish a company material as a manager (a Q&A unless said otherwise); its body."""
    body: Json = {
        "kind": "qa",
        "title": "迈腾油耗多少？",
        "body": "综合油耗 6.2 升/百公里",
        **fields,
    }
    response = client.post("/materials", json=body, headers=dict(headers))
    assert response.status_code == 201, response.text
    published: Json = response.json()
    return published


class _GbkName(zipfile.ZipInfo):
    """An entry named as Chinese Windows names them: GBK bytes, without the UTF-8 flag."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zipped(files: Mapping[str, bytes], *, gbk_names: bool = False) -> bytes:
    """A zip of `files` (path → bytes); with `gbk_names`, names stored in GBK."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            info = _GbkName(name) if gbk_names else zipfile.ZipInfo(name)
            archive.writestr(info, data)
    return out.getvalue()


SCRIPT_FIELDS: Json = {
    "kind": "script",
    "title": "开场白",
    "body": "您好，我是您的专属顾问，有任何问题随时问我。",
    "category_id": None,
    "tags": ["开场"],
    "models": [],
}


def script_create(material_id: str | None = None, **fields: Any) -> Json:
    return mutation(
        MutationKind.MATERIAL_CREATE,
        {"material_id": material_id or new_id(), "fields": {**SCRIPT_FIELDS, **fields}},
    )


def script_update(material_id: str, **fields: Any) -> Json:
    return mutation(
        MutationKind.MATERIAL_UPDATE,
        {"material_id": material_id, "fields": {**SCRIPT_FIELDS, **fields}},
    )


def script_delete(material_id: str) -> Json:
    return mutation(MutationKind.MATERIAL_DELETE, {"material_id": material_id})


def use(material_id: str, action: str, used_at: datetime, mutation_id: str | None = None) -> Json:
    return mutation(
        MutationKind.MATERIAL_USE,
        {"material_id": material_id, "action": action, "used_at": used_at.isoformat()},
        mutation_id,
    )
