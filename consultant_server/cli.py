"""The ``consultant-server`` command: serve, migrate, manage users, reassign customers, list
and seed live codes, import, list and retire company materials.

Passwords are read from standard input (asked twice on a terminal), never from the command
line, where other users of the machine could see them in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from consultant_app import __version__
from consultant_app.library.models import Scope
from consultant_server.core.config import Settings
from consultant_server.core.db import check_schema, make_engine, make_sessionmaker, migrate
from consultant_server.core.security import Passwords
from consultant_server.errors import ImportRejectedError, ServerError
from consultant_server.models import Role, User
from consultant_server.services import accounts, channels, materials, reassign

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The command line: serve, migrate, user add, user deactivate, reassign."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        help="SQLAlchemy URL (default: $SHOWROOM_SERVER_DATABASE_URL or a SQLite file in the"
        " server's data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="consultant-server", description="Showroom Desk (展厅顾问台) central server"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", parents=[common], help="serve the HTTP API")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8000)")

    commands.add_parser("migrate", parents=[common], help="create or upgrade the database schema")

    user = commands.add_parser("user", help="add or deactivate users")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = user_commands.add_parser(
        "add", parents=[common], help="add a user (password read from standard input)"
    )
    add.add_argument("username")
    add.add_argument("--display-name", required=True, help="the name colleagues see, e.g. 张伟")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--showroom", required=True, help="showroom name (made if it is new)")
    add.add_argument("--title", default="", help="job title customers see, e.g. 资深销售顾问")
    deactivate = user_commands.add_parser(
        "deactivate", parents=[common], help="deactivate a user and revoke their tokens"
    )
    deactivate.add_argument("username")

    move = commands.add_parser(
        "reassign",
        parents=[common],
        help="move a user's customers to another user of the showroom (离职继承)",
        description="Move customers from one user to another of the same showroom, in one"
        " transaction: all of --from's customers, or only those named with --contact.",
    )
    move.add_argument(
        "--from", dest="from_user", required=True, metavar="USER", help="whose customers move"
    )
    move.add_argument(
        "--to", dest="to_user", required=True, metavar="USER", help="who takes them (active)"
    )
    move.add_argument(
        "--contact",
        dest="contact_ids",
        action="append",
        type=uuid.UUID,
        metavar="ID",
        help="a contact id to move (repeatable; default: every customer of --from)",
    )
    channel = commands.add_parser("channel", help="channels and live codes (渠道活码)")
    channel_commands = channel.add_subparsers(
        dest="channel_command", required=True, metavar="ACTION"
    )
    channel_commands.add_parser(
        "seed",
        parents=[common],
        help="give every showroom its built-in channels and every consultant their codes",
    )
    codes = channel_commands.add_parser(
        "codes", parents=[common], help="list a user's live codes and their URLs"
    )
    codes.add_argument("username")
    codes.add_argument(
        "--base-url",
        help="the address phones reach the server at (default: $SHOWROOM_SERVER_PUBLIC_URL,"
        " else http://HOST:PORT)",
    )
    material = commands.add_parser("material", help="the material library (素材库)")
    material_commands = material.add_subparsers(
        dest="material_command", required=True, metavar="ACTION"
    )
    bulk = material_commands.add_parser(
        "import",
        parents=[common],
        help="import company materials from a folder, .csv or .xlsx (all or nothing)",
        description="Publish company materials from a folder (one sheet and the files it names,"
        " or images, PDFs and .txt scripts filed by sub-folder), a .csv or an .xlsx file, as"
        " the manager --manager. Any rejected row and nothing is imported; every such row is"
        " listed. A row whose kind and title match a live material updates it.",
    )
    bulk.add_argument("path", type=Path, help="the folder, .csv or .xlsx file")
    bulk.add_argument("--manager", required=True, metavar="USER", help="who publishes them")
    bulk.add_argument("--dry-run", action="store_true", help="check only; change nothing")
    listing = material_commands.add_parser(
        "list", parents=[common], help="list a showroom's company materials"
    )
    listing.add_argument("--manager", required=True, metavar="USER", help="a manager of it")
    listing.add_argument("--retired", action="store_true", help="retired ones too")
    retire = material_commands.add_parser(
        "retire", parents=[common], help="retire a company material (desks drop it)"
    )
    retire.add_argument("material_id", type=uuid.UUID, metavar="ID")
    retire.add_argument("--manager", required=True, metavar="USER", help="a manager of it")
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    """Run one command; returns the exit status (0 done, 1 failed, 2 bad usage)."""
    args = build_parser().parse_args(argv)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    logging.basicConfig(
        level=logging.INFO if args.command == "serve" else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    overrides: dict[str, Any] = {}
    for name in ("database_url", "host", "port"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    try:
        settings = Settings(**overrides)
        if args.command == "serve":
            return _serve(settings)
        if args.command == "migrate":
            return _migrate(settings, stdout)
        if args.command == "reassign":
            return _reassign(settings, args, stdout)
        if args.command == "material":
            return _material(settings, args, stdout)
        if args.command == "channel":
            if args.channel_command == "seed":
                return _channel_seed(settings, stdout)
            return _channel_codes(settings, args, stdout)
        if args.user_command == "add":
            return _user_add(settings, args, stdin, stdout)
        return _user_deactivate(settings, args.username, stdout)
    except ServerError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except OperationalError as exc:
        print(f"error: cannot use the database: {exc.orig or exc}", file=sys.stderr)
        return 1


def _serve(settings: Settings) -> int:
    import uvicorn

    from consultant_server.main import create_app

    engine = make_engine(settings.database_url)
    try:
        check_schema(engine)
    finally:
        engine.dispose()
    # Desks keep a long poll (/sync/wait, up to 50 s) open: a stop cuts them after 5 s
    # instead of waiting them out; the desks simply wait again on the restarted server.
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        timeout_graceful_shutdown=5,
    )
    return 0


def _migrate(settings: Settings, stdout: TextIO) -> int:
    engine = make_engine(settings.database_url)
    try:
        before, after = migrate(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"the database is already at revision {after}", file=stdout)
    else:
        print(f"migrated the database from {before or 'empty'} to revision {after}", file=stdout)
    # Showrooms made before channels existed get theirs now (nothing happens the next time).
    return _channel_seed(settings, stdout, quiet_if_none=True)


def _user_add(settings: Settings, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    password = _read_password(stdin)
    if password is None:
        return 1
    engine = make_engine(settings.database_url)
    try:
        check_schema(engine)
        with make_sessionmaker(engine)() as session:
            user = accounts.create_user(
                session,
                username=args.username,
                display_name=args.display_name,
                role=args.role,
                showroom_name=args.showroom,
                password=password,
                passwords=Passwords.from_settings(settings),
                title=args.title,
            )
            print(
                f"added {user.role} {user.username} ({user.display_name}) to {user.showroom.name}",
                file=stdout,
            )
    finally:
        engine.dispose()
    return 0


def _user_deactivate(settings: Settings, username: str, stdout: TextIO) -> int:
    engine = make_engine(settings.database_url)
    try:
        check_schema(engine)
        with make_sessionmaker(engine)() as session:
            user = accounts.deactivate_user(session, username)
            print(f"{user.username} is deactivated; their tokens no longer work", file=stdout)
    finally:
        engine.dispose()
    return 0


def _reassign(settings: Settings, args: argparse.Namespace, stdout: TextIO) -> int:
    engine = make_engine(settings.database_url)
    try:
        check_schema(engine)
        with make_sessionmaker(engine)() as session:
            result = reassign.reassign_by_name(
                session, None, args.from_user, args.to_user, args.contact_ids
            )
            old, new = result.from_user, result.to_user
            print(
                f"moved {result.moved} contact(s) from {old.username} ({old.display_name})"
                f" to {new.username} ({new.display_name})",
                file=stdout,
            )
    finally:
        engine.dispose()
    return 0


def _channel_seed(settings: Settings, stdout: TextIO, *, quiet_if_none: bool = False) -> int:
    engine = make_engine(settings.database_url)
    try:
        check_schema(engine)
        with make_sessionmaker(engine)() as session:
            made = channels.seed_all(session)
    finally:
        engine.dispose()
    if made or not quiet_if_none:
        print(f"made {made} built-in channel(s) and live code(s)", file=stdout)
    return 0


def _channel_codes(settings: Settings, args: argparse.Namespace, stdout: TextIO) -> int:
    base = (
        args.base_url or settings.public_url or f"http://{settings.host}:{settings.port}"
    ).rstrip("/")
    engine = make_engine(settings.database_url)
    try:
        check_schema(engine)
        with make_sessionmaker(engine)() as session:
            user = accounts.user_named(session, args.username)
            for item in channels.list_channels(session, user):
                for code in item.codes:
                    if code.owner_id != user.id and not (
                        code.owner_id is None and channels.is_manager(user)
                    ):
                        continue
                    print(
                        f"{item.channel.name}\t{code.kind}\t{code.status}\t{base}/q/{code.token}",
                        file=stdout,
                    )
    finally:
        engine.dispose()
    return 0


def _material(settings: Settings, args: argparse.Namespace, stdout: TextIO) -> int:
    engine = make_engine(settings.database_url)
    try:
        check_schema(engine)
        with make_sessionmaker(engine)() as session:
            manager = accounts.user_named(session, args.manager)
            if args.material_command == "import":
                return _material_import(session, manager, args, stdout)
            if args.material_command == "retire":
                found = materials.retire_now(session, manager, args.material_id)
                print(f"retired {found.id} ({found.title})", file=stdout)
                return 0
            for item in materials.list_materials(
                session, manager, retired=args.retired, scope=Scope.COMPANY
            ):
                state = "retired" if item.retired_at else "live"
                print(f"{item.id}\t{item.kind}\t{state}\t{item.title}", file=stdout)
            return 0
    finally:
        engine.dispose()


def _material_import(
    session: Session, manager: User, args: argparse.Namespace, stdout: TextIO
) -> int:
    try:
        result = materials.import_path(session, manager, args.path, dry_run=args.dry_run)
    except ImportRejectedError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        for row in exc.rejected:
            where = f"{row['source']} row {row['row']}" if row["row"] else row["source"]
            problems = "; ".join(
                f"{p['field']}: {p['code']}" + (f" ({p['detail']})" if p["detail"] else "")
                for p in row["problems"]
            )
            print(f"  {where}: {row['title'] or '—'}: {problems}", file=sys.stderr)
        return 1
    verb = "would import" if result.dry_run else "imported"
    print(
        f"{verb} {result.rows} row(s): {result.created} new, {result.updated} updated",
        file=stdout,
    )
    return 0


def _read_password(stdin: TextIO) -> str | None:
    """The password from a terminal (asked twice) or the first line of piped input."""
    if stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            print("error: the passwords differ", file=sys.stderr)
            return None
    else:
        password = stdin.readline().rstrip("\r\n")
    if not password:
        print("error: no password given on standard input", file=sys.stderr)
        return None
    return password
