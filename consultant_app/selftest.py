"""`--self-test`: check that this installation works, without a display and without real data.

Each check exercises one thing a packaged build can lose — the migration files Alembic reads
from disk, SQLite's features, pypinyin's dictionaries, phonenumbers' metadata, the shipped
catalogue — on a fresh temporary data folder, and reports one line, "PASS name: detail" or
"FAIL name: detail". The Qt checks live in `ui.selftest_qt` (the core imports no Qt) and join
these through `run_self_test(checks=...)`.
"""

from __future__ import annotations

import importlib
import io
import logging
import pkgutil
import platform
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from consultant_app import __version__

if TYPE_CHECKING:
    from consultant_app.store.database import Workspace

log = logging.getLogger(__name__)

#: The oldest SQLite the app supports: FTS5's trigram tokenizer, for search, came in 3.34.
MIN_SQLITE = (3, 34, 0)
#: Not modules to import: Alembic runs env.py with its own context (and a package's __main__
#: starts the app).
NOT_IMPORTABLE = frozenset({"consultant_app.store.migrations.env"})


class SelfTestError(Exception):
    """A check found something wrong; the message says what."""


class SelfTest:
    """One run: its temporary data folder and the workspace the checks share.

    The workspace is opened by the first check that needs it, so a broken store fails each
    check that depends on it with the same message instead of stopping the run.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._workspace: Workspace | None = None
        self._contacts: dict[str, str] = {}

    def workspace(self) -> Workspace:
        """The run's workspace, created (and migrated to the newest schema) on first use."""
        if self._workspace is None:
            from consultant_app.store.database import LocalProfile, open_workspace

            self._workspace = open_workspace(
                self.data_dir, LocalProfile(username="self-test", display_name="自检")
            )
        return self._workspace

    def contact(self, name: str, mobile: str) -> str:
        """The id of a contact added (once) to the run's workspace."""
        if name not in self._contacts:
            from consultant_app.services.contacts import ContactService

            self._contacts[name] = ContactService(self.workspace()).quick_add(name, mobile)
        return self._contacts[name]

    def contacts(self) -> dict[str, str]:
        """The contacts the checks added so far: name → id."""
        return dict(self._contacts)

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None


#: A check gets the run and returns its detail line; it raises to fail.
Check = Callable[[SelfTest], str]


def import_all(package: str) -> int:
    """Import `package` and every module under it; how many there were.

    A frozen build holds only the modules its analysis found, so a module imported by name, or
    one whose own imports went missing, fails here rather than in front of a consultant.
    """
    root = importlib.import_module(package)
    names = [package] + [
        info.name
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}.")
        if info.name not in NOT_IMPORTABLE and not info.name.endswith(".__main__")
    ]
    for name in names:
        importlib.import_module(name)
    return len(names)


def check_imports(_run: SelfTest) -> str:
    """Every module of the core imports."""
    return f"{import_all('consultant_app')} modules of consultant_app"


def check_store(run: SelfTest) -> str:
    """A new data folder is migrated to the newest schema; a contact is added, moved, read back."""
    from consultant_app.domain.stages import Stage
    from consultant_app.services.contacts import ContactService
    from consultant_app.store import queries
    from consultant_app.store.database import DB_FILENAME, HEAD_REVISION, known_revisions

    workspace = run.workspace()
    with closing(sqlite3.connect(run.data_dir / DB_FILENAME)) as conn:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    if revision != HEAD_REVISION:
        raise SelfTestError(f"schema is at {revision}, expected {HEAD_REVISION}")
    contact_id = run.contact("李娜", "13700002222")
    ContactService(workspace).move_stage([contact_id], Stage.FIRST_CONTACT)
    cards = queries.load_cards(workspace.reader(), workspace.consultant_id, [contact_id])
    if [(c.name, c.stage) for c in cards] != [("李娜", Stage.FIRST_CONTACT)]:
        raise SelfTestError(f"read back {cards!r}")
    revisions = known_revisions()
    return (
        f"migrated {revisions[0]}→{HEAD_REVISION} ({len(revisions)} revisions);"
        " contact added, moved lead→first_contact, read back"
    )


def check_sqlite(_run: SelfTest) -> str:
    """SQLite is new enough and has FTS5 with the trigram tokenizer."""
    version = sqlite3.sqlite_version_info
    if version < MIN_SQLITE:
        wanted = ".".join(map(str, MIN_SQLITE))
        raise SelfTestError(f"SQLite {sqlite3.sqlite_version} is older than {wanted}")
    with closing(sqlite3.connect(":memory:")) as conn:
        try:
            conn.execute("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='trigram')")
        except sqlite3.OperationalError as exc:
            raise SelfTestError(f"SQLite {sqlite3.sqlite_version}: FTS5 trigram: {exc}") from exc
        conn.execute("INSERT INTO probe VALUES ('张伟 13812345678 迈腾')")
        found = conn.execute("SELECT count(*) FROM probe WHERE probe MATCH '2345'").fetchone()[0]
    if found != 1:
        raise SelfTestError("FTS5 trigram search found nothing")
    return f"SQLite {sqlite3.sqlite_version}, FTS5 trigram tokenizer"


def check_search(run: SelfTest) -> str:
    """Chinese names are found by pinyin initials and by character (pypinyin's data is there)."""
    from consultant_app.domain.pinyin import pinyin_keys
    from consultant_app.store import queries

    contact_id = run.contact("张伟", "13812345678")
    workspace = run.workspace()
    conn, now = workspace.reader(), datetime.now().astimezone()
    for query in ("zw", "张", "zhangwei"):
        found = queries.filter_ids(conn, workspace.consultant_id, query, now) or frozenset()
        if contact_id not in found:
            raise SelfTestError(f"searching {query!r} did not find 张伟")
    full, initials = pinyin_keys("张伟")
    return f"张伟 found by zw, 张 and zhangwei (pinyin {full!r}, initials {initials!r})"


def check_catalogue(_run: SelfTest) -> str:
    """The shipped vehicle catalogue loads."""
    from consultant_app.catalogue import load_catalogue

    catalogue = load_catalogue()
    return f"{len(catalogue.models)} models ({catalogue.brand or 'no brand'})"


def check_phone_numbers(_run: SelfTest) -> str:
    """phonenumbers' metadata is there: a mainland mobile number normalises to E.164."""
    from consultant_app.domain.phone import normalise_mobile

    e164 = normalise_mobile("13812345678")
    if e164 != "+8613812345678":
        raise SelfTestError(f"13812345678 normalised to {e164}")
    return f"13812345678 → {e164}"


def check_keyring(run: SelfTest) -> str:
    """A keyring backend was found, or the documented private-file fallback works here."""
    from consultant_app.sync.account import TokenStore

    store = TokenStore(run.data_dir, "self-test")
    store.save("self-test-token")
    try:
        if store.load() != "self-test-token":
            raise SelfTestError(f"the token did not come back from {store.backend_name}")
    finally:
        store.clear()
    if store.fallback:
        return f"no keyring backend; the documented fallback file works ({store.path.name})"
    return f"keyring backend {store.backend_name}"


def check_qr_poster(run: SelfTest) -> str:
    """A poster renders to PDF and PNG with a Chinese font, and its code decodes."""
    from consultant_app.qr.selfcheck import check_posters

    folder = run.data_dir / "qr-self-test"
    folder.mkdir(parents=True, exist_ok=True)
    return check_posters(folder)


CORE_CHECKS: tuple[tuple[str, Check], ...] = (
    ("imports", check_imports),
    ("store", check_store),
    ("sqlite", check_sqlite),
    ("chinese search", check_search),
    ("catalogue", check_catalogue),
    ("phone numbers", check_phone_numbers),
    ("keyring", check_keyring),
    ("qr poster", check_qr_poster),
)


def header(data_dir: Path, *, temporary: bool) -> list[str]:
    """The report's first lines: what is being tested, and where."""
    frozen = "frozen build" if getattr(sys, "frozen", False) else "from source"
    return [
        f"Showroom Desk {__version__} self-test ({frozen}, {sys.executable})",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"SQLite {sqlite3.sqlite_version}",
        f"Data folder{' (temporary)' if temporary else ''}: {data_dir}",
    ]


def run_checks(run: SelfTest, checks: Sequence[tuple[str, Check]], out: TextIO) -> bool:
    """Run every check, printing its PASS or FAIL line; True when all passed."""
    passed = True
    for name, check in checks:
        try:
            detail = check(run)
        except Exception as exc:
            passed = False
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            print(f"FAIL {name}: {detail}", file=out, flush=True)
            if not isinstance(exc, SelfTestError):  # unexpected: keep the traceback
                log.error("self-test check %r failed", name, exc_info=exc)
        else:
            print(f"PASS {name}: {detail}", file=out, flush=True)
    return passed


def run_self_test(
    *,
    checks: Sequence[tuple[str, Check]] = CORE_CHECKS,
    extra_header: Sequence[str] = (),
    data_dir: Path | None = None,
    out: TextIO | None = None,
) -> int:
    """Print the report to `out` (stdout) and return the exit status: 0 only if all passed.

    Without `data_dir` the checks run in a temporary folder that is removed afterwards.
    """
    stream = sys.stdout if out is None else out
    if out is None and isinstance(sys.stdout, io.TextIOWrapper):
        # A Windows console may not encode every character of the report (→, 客户…).
        sys.stdout.reconfigure(errors="backslashreplace")
    with tempfile.TemporaryDirectory(
        prefix="showroom-selftest-", ignore_cleanup_errors=True
    ) as scratch:
        folder = Path(scratch) / "data" if data_dir is None else data_dir
        for line in [*header(folder, temporary=data_dir is None), *extra_header]:
            print(line, file=stream)
        run = SelfTest(folder)
        try:
            passed = run_checks(run, checks, stream)
        finally:
            run.close()
    print("Self-test passed." if passed else "Self-test FAILED.", file=stream, flush=True)
    return 0 if passed else 1
