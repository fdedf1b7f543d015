"""The ``consultant-server`` command: serve, migrate, manage users, reassign customers, list
and seed live codes, import, list, retire and count company materials, prune stored files,
keyword → tag rules, publish desktop releases.

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
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from consultant_app import __version__
from consultant_app.clock import utcnow
from consultant_app.library.models import Scope
from consultant_server.core.config import Settings
from consultant_server.core.db import check_schema, make_engine, make_sessionmaker, migrate
from consultant_server.core.security import Passwords
from consultant_server.errors import ImportRejectedError, ServerError
from consultant_server.models import Role, User
from consultant_server.services import (
    accounts,
    channels,
    keyword_rules,
    materials,
    reassign,
    releases,
)

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
    stats = material_commands.add_parser(
        "stats",
        parents=[common],
        help="copies, sends and customer opens per company material (which ones work)",
    )
    stats.add_argument("--manager", required=True, metavar="USER", help="a manager of it")
    stats.add_argument(
        "--days", type=int, default=30, help="N days up to --until, both ends in (default 30)"
    )
    stats.add_argument(
        "--until",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the last day counted (default: today, the showroom's day)",
    )
    prune = material_commands.add_parser(
        "prune-files",
        parents=[common],
        help="delete stored files no live material needs (retired ones, unused uploads)",
        description="Delete the bytes of files that only materials retired more than"
        " --older-than-days ago name, and uploads older than that which no material names."
        " Files of live materials stay. All in one transaction.",
    )
    prune.add_argument("--older-than-days", type=int, default=30, metavar="N")
    prune.add_argument("--dry-run", action="store_true", help="count only; change nothing")
    _add_keyword_rule_commands(commands, common)
    _add_release_commands(commands, common)
    return parser


def _add_keyword_rule_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    rules = commands.add_parser(
        "keyword-rule",
        help="keyword → tag rules (迈腾 → 意向:迈腾) for a showroom's customers",
        description="A rule tags every customer of the showroom whose notes, follow-ups or"
        " reminders mention one of its keywords, now and whenever such text is saved. A tag a"
        " consultant removed from a customer stays removed.",
    )
    actions = rules.add_subparsers(dest="rule_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", parents=[common], help="list the showroom's rules")
    listing.add_argument("--manager", required=True, metavar="USER", help="a manager of it")
    add = actions.add_parser(
        "add", parents=[common], help="add a rule and tag the customers it matches now"
    )
    add.add_argument("keywords", nargs="+", metavar="KEYWORD")
    add.add_argument("--tag", required=True, help="the tag it gives, e.g. 意向:迈腾")
    add.add_argument("--manager", required=True, metavar="USER", help="a manager of it")
    remove = actions.add_parser(
        "remove", parents=[common], help="delete a rule (the tags it gave stay)"
    )
    remove.add_argument("rule_id", type=uuid.UUID, metavar="ID")
    remove.add_argument("--manager", required=True, metavar="USER", help="a manager of it")


def _add_release_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    channel_names = [c.value for c in releases.Channel]
    platform_names = [p.value for p in releases.Platform]
    release = commands.add_parser(
        "release",
        help="desktop app releases offered to desks (客户端更新)",
        description="Releases of the desktop app that desks are offered: a desk on the stable"
        " channel sees stable releases, one on beta sees beta and stable ones, newest version"
        " first. Releases are server-wide.",
    )
    release_commands = release.add_subparsers(
        dest="release_command", required=True, metavar="ACTION"
    )
    publish = release_commands.add_parser(
        "publish",
        parents=[common],
        help="publish a release (again: replace its URL and notes)",
        description="Publish a release of the desktop app for desks to download. Everything is"
        " checked before anything is written. Publishing the same channel, platform and version"
        " again replaces its URL and notes.",
    )
    publish.add_argument("--channel", required=True, choices=channel_names)
    publish.add_argument(
        "--version",
        required=True,
        dest="release_version",
        metavar="VERSION",
        help="dotted numbers, e.g. 1.4.0 (betas: 1.5.0.1, not 1.5.0b1)",
    )
    publish.add_argument(
        "--url", required=True, help="the installer or download page, http:// or https://"
    )
    publish.add_argument(
        "--platform",
        choices=platform_names,
        default=releases.Platform.ANY.value,
        help="the system the installer is for (default any: the URL serves every system)",
    )
    notes = publish.add_mutually_exclusive_group()
    notes.add_argument("--notes", default="", help="what is new, shown to consultants")
    notes.add_argument(
        "--notes-file", type=Path, metavar="FILE", help="read the notes from a UTF-8 text file"
    )
    listing = release_commands.add_parser(
        "list", parents=[common], help="list the published releases, newest first"
    )
    listing.add_argument("--channel", choices=channel_names, help="only this channel's")
    withdraw = release_commands.add_parser(
        "withdraw",
        parents=[common],
        help="withdraw a release (a broken installer); desks stop being offered it",
    )
    withdraw.add_argument("--channel", required=True, choices=channel_names)
    withdraw.add_argument("--version", required=True, dest="release_version", metavar="VERSION")
    withdraw.add_argument(
        "--platform", choices=platform_names, help="only this platform's (default: all)"
    )


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
        if args.command == "release":
            return _release(settings, args, stdout)
        if args.command == "keyword-rule":
            return _keyword_rule(settings, args, stdout)
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
    from consultant_server.serving import DrainingServer

    engine = make_engine(settings.database_url)
    try:
        check_schema(engine)
    finally:
        engine.dispose()
    # Desks keep a long poll (/sync/wait, up to 50 s) open: a stop answers them at once
    # (`DrainingServer`) and the desks wait again on the restarted server; 5 s bounds the rest.
    app = create_app(settings)
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, log_config=None, timeout_graceful_shutdown=5
    )
    DrainingServer(app, config).run()
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
            if args.material_command == "prune-files":
                return _prune_files(session, args, stdout)
            manager = accounts.user_named(session, args.manager)
            if args.material_command == "import":
                return _material_import(session, manager, args, stdout)
            if args.material_command == "retire":
                found = materials.retire_now(session, manager, args.material_id)
                print(f"retired {found.id} ({found.title})", file=stdout)
                return 0
            if args.material_command == "stats":
                return _material_stats(session, manager, args.days, args.until, stdout)
            for item in materials.list_materials(
                session, manager, retired=args.retired, scope=Scope.COMPANY
            ):
                state = "retired" if item.retired_at else "live"
                print(f"{item.id}\t{item.kind}\t{state}\t{item.title}", file=stdout)
            return 0
    finally:
        engine.dispose()


def _material_stats(
    session: Session, manager: User, days: int, until: date | None, stdout: TextIO
) -> int:
    if not 1 <= days <= materials.MAX_STATS_DAYS:
        print(f"error: --days: from 1 to {materials.MAX_STATS_DAYS}", file=sys.stderr)
        return 1
    end = until or channels.local_day(utcnow())
    start = end - timedelta(days=days - 1)
    rows = materials.usage_stats(session, manager, start, end)
    print(f"company materials used {start} to {end}, most used first", file=stdout)
    header = ("copies", "sends", "consultants", "opens", "customers", "last used", "kind", "title")
    print(*header, sep="\t", file=stdout)
    for row in rows:
        last = row.last_used_at.strftime("%Y-%m-%d %H:%M") if row.last_used_at else "-"
        title = f"{row.title} (retired)" if row.retired else row.title
        counts = (row.copies, row.sends, row.users, row.opens, row.readers)
        print(*counts, last, row.kind, title, sep="\t", file=stdout)
    return 0


def _prune_files(session: Session, args: argparse.Namespace, stdout: TextIO) -> int:
    if args.older_than_days < 0:
        print("error: --older-than-days: 0 or more", file=sys.stderr)
        return 1
    result = materials.prune_files(
        session, older_than=timedelta(days=args.older_than_days), dry_run=args.dry_run
    )
    verb = "would delete" if args.dry_run else "deleted"
    print(
        f"{verb} {result.files} file(s), {result.bytes / 1_000_000:.1f} MB"
        f" ({result.released} retired material(s) no longer keep theirs)",
        file=stdout,
    )
    return 0


def _keyword_rule(settings: Settings, args: argparse.Namespace, stdout: TextIO) -> int:
    engine = make_engine(settings.database_url)
    try:
        check_schema(engine)
        with make_sessionmaker(engine)() as session:
            manager = accounts.user_named(session, args.manager)
            if args.rule_command == "add":
                made = keyword_rules.create_rule_now(session, manager, args.keywords, args.tag)
                words = " / ".join(made.rule.keywords)
                print(
                    f"added rule {made.rule.id}: {words} → {made.rule.tag}"
                    f" ({made.tagged} customer(s) tagged now)",
                    file=stdout,
                )
            elif args.rule_command == "remove":
                keyword_rules.delete_rule_now(session, manager, args.rule_id)
                print(f"removed rule {args.rule_id} (the tags it gave stay)", file=stdout)
            else:
                for rule in keyword_rules.list_rules(session, manager):
                    words = " / ".join(rule.keywords)
                    print(f"{rule.id}\t{words}\t→ {rule.tag}", file=stdout)
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


def _release(settings: Settings, args: argparse.Namespace, stdout: TextIO) -> int:
    notes = args.notes if args.release_command == "publish" else ""
    if args.release_command == "publish" and args.notes_file is not None:
        try:
            notes = args.notes_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: cannot read the notes from {args.notes_file}: {exc}", file=sys.stderr)
            return 1
    engine = make_engine(settings.database_url)
    try:
        check_schema(engine)
        with make_sessionmaker(engine)() as session:
            if args.release_command == "publish":
                done = releases.publish(
                    session,
                    channel=args.channel,
                    platform=args.platform,
                    version=args.release_version,
                    url=args.url,
                    notes=notes,
                )
                item = done.release
                verb = "replaced" if done.replaced else "published"
                print(
                    f"{verb} {item.channel} {item.version} for {_platform_text(item.platform)}:"
                    f" {item.url}",
                    file=stdout,
                )
                if done.newer is not None:
                    print(
                        f"note: {done.newer.channel} already has {done.newer.version} for"
                        f" {_platform_text(done.newer.platform)}; desks are offered the newest",
                        file=stdout,
                    )
            elif args.release_command == "withdraw":
                for item in releases.withdraw(
                    session,
                    channel=args.channel,
                    version=args.release_version,
                    platform=args.platform,
                ):
                    print(
                        f"withdrew {item.channel} {item.version} for"
                        f" {_platform_text(item.platform)}",
                        file=stdout,
                    )
            else:
                found = releases.list_releases(session, args.channel)
                if not found:
                    print("no release is published", file=stdout)
                for item in found:
                    published = item.published_at.strftime("%Y-%m-%d %H:%M UTC")
                    notes_line = " / ".join(item.notes.splitlines())
                    print(
                        f"{item.channel}\t{item.platform}\t{item.version}\t{published}"
                        f"\t{item.url}\t{notes_line}",
                        file=stdout,
                    )
    finally:
        engine.dispose()
    return 0


def _platform_text(platform: str) -> str:
    return "every platform" if platform == releases.Platform.ANY else platform


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
