"""Desktop client releases: published by whoever runs the server, offered to desks.

`consultant-server release publish` stores a release of the desktop app: a version on a
channel for a platform, with the installer's (or download page's) URL and optional notes.
A desk asks `GET /client/release` (`latest_for`) after a good sync: the newest release its
channel sees that is newer than the version it runs.

- **Channels**: a `stable` desk sees stable releases; a `beta` desk sees beta *and* stable
  ones, so a stable release newer than the last beta reaches the beta desks too.
- **Platforms**: a release is for `windows`, `macos` or `linux` (the installer differs per
  system), or for `any` (the URL is a download page that serves every system). A desk sees
  its own platform's releases and the `any` ones; at the same version its own platform's wins.
- **Versions** are dotted numbers (1.4.0), checked and compared as the sync's minimum-version
  check does (`consultant_server.core.versions`): 1.10.0 is newer than 1.9.0 and 1.4 is 1.4.0.
  A pre-release tag (1.5.0b1) is refused: a desk running it could not sync, since the sync
  compares client versions the same way. Number betas on (1.5.0.1, 1.5.0.2 …) instead.
- Publishing a version again on the same channel and platform replaces its URL and notes;
  `withdraw` removes a release (a broken installer), and desks stop being offered it at their
  next check.

Releases are server-wide: every showroom this server serves sees the same ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultant_app.clock import utcnow
from consultant_server.core.versions import InvalidVersionError, is_supported, parse_version
from consultant_server.errors import ConflictError, InvalidInputError, NotFoundError
from consultant_server.models import ClientRelease
from consultant_server.services.changelog import Clock

log = logging.getLogger(__name__)

MAX_URL = 2000
MAX_NOTES = 2000
MAX_VERSION = 32


class Channel(StrEnum):
    """Which releases a desk is offered (`update_channel` in its deployment.toml)."""

    STABLE = "stable"
    BETA = "beta"


class Platform(StrEnum):
    """The system a release's installer is for; ANY: one download page for every system."""

    ANY = "any"
    WINDOWS = "windows"
    MACOS = "macos"
    LINUX = "linux"


#: The channels whose releases a desk on each channel is offered.
SEES: dict[Channel, tuple[Channel, ...]] = {
    Channel.STABLE: (Channel.STABLE,),
    Channel.BETA: (Channel.BETA, Channel.STABLE),
}


@dataclass(frozen=True, slots=True)
class Published:
    """A publish's result: the release, whether it replaced one, and the newest release of its
    channel and platform when that is newer (desks keep being offered that one)."""

    release: ClientRelease
    replaced: bool
    newer: ClientRelease | None


def clean_version(text: str) -> str:
    """`text` as a release version (dotted numbers); InvalidInputError otherwise."""
    value = text.strip()
    try:
        if len(value) > MAX_VERSION:
            raise InvalidVersionError(value)
        parse_version(value)
    except InvalidVersionError as exc:
        raise InvalidInputError({"version": "dotted numbers such as 1.4.0"}) from exc
    return value


def clean_url(text: str) -> str:
    """`text` as a download URL: http or https, with a host, no spaces; InvalidInputError."""
    value = text.strip()
    problem = ""
    if not value:
        problem = "required"
    elif len(value) > MAX_URL:
        problem = f"at most {MAX_URL} characters"
    elif any(ch.isspace() or not ch.isprintable() for ch in value):
        problem = "no spaces or control characters"
    else:
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 (urlsplit checks the port only when asked)
        except ValueError:
            problem = "not a URL"
        else:
            if parts.scheme not in ("http", "https"):
                problem = "starts with https:// or http://"
            elif not parts.hostname:
                problem = "has no host name"
            elif parts.username is not None or parts.password is not None:
                problem = "no user name or password in it"
    if problem:
        raise InvalidInputError({"url": problem})
    return value


def clean_notes(text: str) -> str:
    """Release notes: plain text, at most `MAX_NOTES` characters, surrounding space removed."""
    value = text.strip().replace("\r\n", "\n")
    if len(value) > MAX_NOTES:
        raise InvalidInputError({"notes": f"at most {MAX_NOTES} characters"})
    return value


def _channel(value: str) -> Channel:
    try:
        return Channel(value.strip())
    except ValueError as exc:
        raise InvalidInputError({"channel": "stable or beta"}) from exc


def _platform(value: str) -> Platform:
    try:
        return Platform(value.strip())
    except ValueError as exc:
        raise InvalidInputError({"platform": "any, windows, macos or linux"}) from exc


_CLEANERS: dict[str, Callable[[str], str]] = {
    "channel": lambda value: _channel(value).value,
    "platform": lambda value: _platform(value).value,
    "version": clean_version,
    "url": clean_url,
    "notes": clean_notes,
}


def _clean(**raw: str) -> dict[str, str]:
    """Each value cleaned by its field's cleaner; InvalidInputError naming every bad one."""
    problems: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for name, value in raw.items():
        try:
            cleaned[name] = _CLEANERS[name](value)
        except InvalidInputError as exc:
            problems.update(exc.fields)
    if problems:
        raise InvalidInputError(problems)
    return cleaned


def _key(release: ClientRelease) -> tuple[tuple[int, ...], bool, datetime]:
    """Newest version first; at the same version a platform's own release before an `any`
    one, then the later published."""
    return (
        parse_version(release.version),
        release.platform != Platform.ANY,
        release.published_at,
    )


def newest(releases: Iterable[ClientRelease]) -> ClientRelease | None:
    """The newest of `releases` by version (see `_key` for ties)."""
    return max(releases, key=_key, default=None)


def publish(
    session: Session,
    *,
    channel: str,
    version: str,
    url: str,
    notes: str = "",
    platform: str = Platform.ANY,
    clock: Clock = utcnow,
) -> Published:
    """Publish (or re-publish: new URL and notes) a release; everything is checked first, so
    bad input writes nothing."""
    cleaned = _clean(channel=channel, platform=platform, version=version, url=url, notes=notes)
    number = parse_version(cleaned["version"])
    try:
        same = [
            r
            for r in _rows(session, [cleaned["channel"]], [cleaned["platform"]])
            if parse_version(r.version) == number
        ]
        release = same[0] if same else None
        replaced = release is not None
        if release is None:
            release = ClientRelease(channel=cleaned["channel"], platform=cleaned["platform"])
            session.add(release)
        release.version = cleaned["version"]
        release.url = cleaned["url"]
        release.notes = cleaned["notes"]
        release.published_at = clock()
        session.flush()
        top = newest(_rows(session, [cleaned["channel"]], [cleaned["platform"]]))
        session.commit()
    except IntegrityError as exc:  # the same version published at the same moment
        session.rollback()
        raise ConflictError(
            f"{cleaned['channel']} {cleaned['version']} was being published at the same time;"
            " try again"
        ) from exc
    except BaseException:
        session.rollback()
        raise
    log.info(
        "%s %s release %s for %s: %s",
        "re-published" if replaced else "published",
        release.channel,
        release.version,
        release.platform,
        release.url,
    )
    return Published(release, replaced, top if top is not release else None)


def withdraw(
    session: Session, *, channel: str, version: str, platform: str | None = None
) -> list[ClientRelease]:
    """Remove the channel's releases of `version` (only `platform`'s when given); the removed
    ones. NotFoundError when there is none."""
    cleaned = _clean(
        channel=channel, version=version, **({} if platform is None else {"platform": platform})
    )
    ch = cleaned["channel"]
    number = parse_version(cleaned["version"])
    platforms = list(Platform) if platform is None else [cleaned["platform"]]
    try:
        gone = [r for r in _rows(session, [ch], platforms) if parse_version(r.version) == number]
        if not gone:
            where = "" if platform is None else f" for {cleaned['platform']}"
            raise NotFoundError(f"no {ch} release {cleaned['version']}{where}")
        for release in gone:
            session.delete(release)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    for release in gone:
        log.info(
            "withdrew %s release %s for %s", release.channel, release.version, release.platform
        )
    return gone


def list_releases(session: Session, channel: str | None = None) -> list[ClientRelease]:
    """Every release (or one channel's), by channel, then newest version first."""
    channels = list(Channel) if channel is None else [_channel(channel)]
    found = _rows(session, channels, list(Platform))
    order = {c: i for i, c in enumerate(Channel)}
    return sorted(sorted(found, key=_key, reverse=True), key=lambda r: order[Channel(r.channel)])


def latest_for(
    session: Session, *, channel: str, platform: str | None, running: str
) -> ClientRelease | None:
    """The newest release a desk on `channel` and `platform` (None: unknown, so only the
    `any` releases) is offered when it runs version `running`, if it is newer than that."""
    seen = SEES[_channel(channel)]
    platforms = [Platform.ANY] if platform is None else [Platform.ANY, _platform(platform)]
    running = clean_version(running)
    top = newest(_rows(session, seen, platforms))
    if top is None or is_supported(running, top.version):
        return None
    return top


def _rows(
    session: Session, channels: Sequence[str], platforms: Sequence[str]
) -> list[ClientRelease]:
    return list(
        session.scalars(
            select(ClientRelease).where(
                ClientRelease.channel.in_([str(c) for c in channels]),
                ClientRelease.platform.in_([str(p) for p in platforms]),
            )
        )
    )
