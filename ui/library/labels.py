"""Translated names for the library's codes (kinds, scopes, script form errors)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from consultant_app.errors import FieldError
from consultant_app.library.models import MaterialKind, Scope

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text") calls


def kind_label(kind: MaterialKind) -> str:
    """A material kind as the chips and filters show it."""
    return {
        MaterialKind.QA: translate("LibraryLabels", "Q&A"),
        MaterialKind.SCRIPT: translate("LibraryLabels", "Script"),
        MaterialKind.ARTICLE: translate("LibraryLabels", "Article"),
        MaterialKind.IMAGE: translate("LibraryLabels", "Image"),
        MaterialKind.DOCUMENT: translate("LibraryLabels", "Document"),
    }[kind]


def scope_label(scope: Scope) -> str:
    """Whose a material is: the company's (企业) or the consultant's own (个人)."""
    return {
        Scope.COMPANY: translate("LibraryLabels", "Company"),
        Scope.PERSONAL: translate("LibraryLabels", "Personal"),
    }[scope]


def script_error_message(error: FieldError) -> str:
    """A `ScriptDraft` rule broken, as a sentence under its field (its limits are `max`)."""
    limit = int(str(error.params.get("max", 0) or 0))
    if error.code == "required":
        return translate("LibraryLabels", "Required")
    if error.code == "too_long":
        return translate("LibraryLabels", "At most %n characters", "", limit)  # limits are never 1
    if error.code == "too_many":
        return translate("LibraryLabels", "At most %n items", "", limit)
    if error.code == "not_allowed":
        return translate("LibraryLabels", "Only scripts and Q&A can be written here")
    return error.code


def file_size_text(size: int) -> str:
    """A file size as people read it (KB below a megabyte, MB above)."""
    if size < 1024 * 1024:
        return translate("LibraryLabels", "{size} KB").format(size=max(1, round(size / 1024)))
    return translate("LibraryLabels", "{size} MB").format(size=f"{size / 1024 / 1024:.1f}")
