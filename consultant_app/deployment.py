"""Deployment settings a showroom manager pre-sets for every PC: `deployment.toml`.

A manager (or the Windows installer, from `/SERVER= /SHOWROOM= /LANG=`) writes a small TOML
file that sets the central server, the showroom's name, the default interface language and the
update channel for everyone who uses the installation:

    server_url = "https://crm.example-dealer.cn"
    showroom = "上海浦东一汽-大众4S店"
    language = "zh_CN"
    update_channel = "stable"

Which file is read (the first that applies):

1. an explicit path (the app's `--deployment FILE`);
2. the path in the environment variable `SHOWROOM_DEPLOYMENT` (development, tests, scripts);
3. in a packaged build: `deployment.toml` in the program's folder (the folder of
   `sys.executable`); on macOS, where the signed `.app` must not be modified, in
   `/Library/Application Support/ShowroomDesk/` instead.

Running from source with neither 1 nor 2, no file is read. A hand-edited file can never stop
the app: a file that cannot be read or parsed is ignored as a whole, a bad value falls back to
its default, an unknown key is ignored — and each is reported as a `DeploymentProblem` naming
the file and, where it can be found, the line, for the UI to show and the log to keep.
"""

from __future__ import annotations

import difflib
import enum
import logging
import os
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

DEPLOYMENT_FILE = "deployment.toml"
ENV_VAR = "SHOWROOM_DEPLOYMENT"
#: Where a packaged macOS build looks (a file inside the signed .app would break its seal).
MACOS_FOLDER = Path("/Library/Application Support/ShowroomDesk")

LANGUAGES = ("zh_CN", "en")
CHANNELS = ("stable", "beta")

#: Every key the file may hold, with what it means (the manager guide documents the same).
KEYS: dict[str, str] = {
    "server_url": "the central server, http(s)://host[:port][/path]",
    "showroom": "the showroom's name, shown to consultants and in diagnostics",
    "language": "default interface language: zh_CN or en",
    "update_channel": "update channel: stable or beta",
}
MAX_SHOWROOM = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class ProblemKind(enum.Enum):
    """What is wrong; the first three mean the whole file was ignored."""

    UNREADABLE = "unreadable"
    NOT_UTF8 = "not_utf8"
    SYNTAX = "syntax"
    MISSING = "missing"
    UNKNOWN_KEY = "unknown_key"
    BAD_VALUE = "bad_value"

    @property
    def whole_file_ignored(self) -> bool:
        return self in {
            ProblemKind.UNREADABLE,
            ProblemKind.NOT_UTF8,
            ProblemKind.SYNTAX,
            ProblemKind.MISSING,
        }


@dataclass(frozen=True, slots=True)
class DeploymentProblem:
    """One thing wrong with a deployment file: where, and a sentence saying what."""

    kind: ProblemKind
    path: Path
    line: int | None
    message: str
    key: str = ""

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Deployment:
    """The settings in effect. Empty strings mean "not pre-set": the app's own default applies.

    `source` is the deployment file that applies (None: there is none); `problems` says what
    was wrong with it, including that it is missing or could not be used at all.
    """

    server_url: str = ""
    showroom: str = ""
    language: str = ""
    update_channel: str = "stable"
    source: Path | None = None
    problems: tuple[DeploymentProblem, ...] = ()

    @property
    def file_ignored(self) -> bool:
        """True when the file could not be used at all (every setting is its default)."""
        return any(p.kind.whole_file_ignored for p in self.problems)


def candidate_paths(
    explicit: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    executable: str | None = None,
    frozen: bool | None = None,
    platform: str | None = None,
) -> list[tuple[Path, bool]]:
    """The files to try, in order, each with whether it must exist (it was asked for by name).

    The keyword arguments default to this process (`os.environ`, `sys.executable`, whether the
    build is frozen, `sys.platform`); tests pass their own.
    """
    if explicit is not None:
        return [(Path(explicit).expanduser(), True)]
    env = os.environ if environ is None else environ
    named = env.get(ENV_VAR, "").strip()
    if named:
        return [(Path(named).expanduser(), True)]
    is_frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    if not is_frozen:
        return []
    program = Path(sys.executable if executable is None else executable)
    if (sys.platform if platform is None else platform) == "darwin":
        return [(MACOS_FOLDER / DEPLOYMENT_FILE, False)]
    return [(program.parent / DEPLOYMENT_FILE, False)]


def load_deployment(
    explicit: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    executable: str | None = None,
    frozen: bool | None = None,
    platform: str | None = None,
) -> Deployment:
    """The deployment settings for this run (see the module docstring for which file)."""
    for path, required in candidate_paths(
        explicit, environ=environ, executable=executable, frozen=frozen, platform=platform
    ):
        if not required and not path.exists():
            continue
        deployment = read_deployment(path)
        for problem in deployment.problems:
            log.warning("deployment settings: %s", problem)
        log.info(
            "deployment settings from %s: server %s, showroom %r, language %s, channel %s",
            path,
            deployment.server_url or "-",
            deployment.showroom,
            deployment.language or "-",
            deployment.update_channel,
        )
        return deployment
    return Deployment()


def read_deployment(path: Path) -> Deployment:
    """Parse and check one deployment file; never raises for a bad file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _ignored(path, ProblemKind.MISSING, None, "the file does not exist")
    except OSError as exc:
        return _ignored(path, ProblemKind.UNREADABLE, None, f"cannot be read: {exc.strerror}")
    try:
        # utf-8-sig: Windows Notepad may save a byte-order mark, which TOML itself rejects.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return _ignored(
            path,
            ProblemKind.NOT_UTF8,
            line,
            "is not UTF-8 text; save it as UTF-8 (in Notepad: Save as → Encoding UTF-8)",
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _AT_LINE.search(str(exc))
        reason = _AT_LINE.sub("", str(exc)).strip()
        return _ignored(
            path,
            ProblemKind.SYNTAX,
            int(match.group(1)) if match else None,
            f"is not valid TOML ({reason}); every setting in it was ignored",
        )
    return _check(path, text, data)


def _ignored(path: Path, kind: ProblemKind, line: int | None, message: str) -> Deployment:
    return Deployment(source=path, problems=(DeploymentProblem(kind, path, line, message),))


def _check(path: Path, text: str, data: dict[str, object]) -> Deployment:
    problems: list[DeploymentProblem] = []
    values: dict[str, str] = {}

    def bad(key: str, message: str) -> None:
        problems.append(
            DeploymentProblem(ProblemKind.BAD_VALUE, path, _line_of(text, key), message, key)
        )

    for key, value in data.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(KEYS)}"
            problems.append(
                DeploymentProblem(
                    ProblemKind.UNKNOWN_KEY,
                    path,
                    _line_of(text, key),
                    f"unknown key {key!r} is ignored{hint}",
                    key,
                )
            )
            continue
        if not isinstance(value, str):
            bad(key, f"{key} must be text in quotes, not {_toml_type(value)}; ignored")
            continue
        checked = _CHECKS[key](value.strip())
        if isinstance(checked, _Invalid):
            bad(key, f"{key} = {value!r}: {checked.reason}; ignored")
        elif checked:
            values[key] = checked
    return Deployment(
        server_url=values.get("server_url", ""),
        showroom=values.get("showroom", ""),
        language=values.get("language", ""),
        update_channel=values.get("update_channel", "stable"),
        source=path,
        problems=tuple(problems),
    )


@dataclass(frozen=True, slots=True)
class _Invalid:
    reason: str


def _check_url(value: str) -> str | _Invalid:
    if not value:
        return ""
    if any(ch.isspace() for ch in value) or _CONTROL.search(value):
        return _Invalid("a URL cannot contain spaces")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"}:
        return _Invalid("must start with https:// or http://")
    if not parts.hostname:
        return _Invalid("has no host name")
    if parts.username is not None or parts.password is not None:
        return _Invalid("must not contain a user name or password")
    try:
        parts.port  # noqa: B018 (urlsplit checks the port only when asked)
    except ValueError:
        return _Invalid("has an invalid port")
    if parts.query or parts.fragment:
        return _Invalid("must not have a query (?…) or fragment (#…)")
    return value.rstrip("/")


def _check_showroom(value: str) -> str | _Invalid:
    if _CONTROL.search(value):
        return _Invalid("must be one line of text")
    if len(value) > MAX_SHOWROOM:
        return _Invalid(f"is longer than {MAX_SHOWROOM} characters")
    return value


def _check_language(value: str) -> str | _Invalid:
    if value in LANGUAGES or not value:
        return value
    return _Invalid(f"must be one of {', '.join(LANGUAGES)}")


def _check_channel(value: str) -> str | _Invalid:
    if value in CHANNELS:
        return value
    if not value:
        return "stable"
    return _Invalid(f"must be one of {', '.join(CHANNELS)}")


_CHECKS = {
    "server_url": _check_url,
    "showroom": _check_showroom,
    "language": _check_language,
    "update_channel": _check_channel,
}


def _toml_type(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return "a date or time"


def _line_of(text: str, key: str) -> int | None:
    """The line where `key` is set (as `key = …` or as a `[key]` table), if it can be found."""
    quoted = re.escape(key)
    pattern = re.compile(
        rf"""^\s*(?:(?:{quoted}|"{quoted}"|'{quoted}')\s*[=.]|\[+\s*(?:{quoted}|"{quoted}")\s*[\].])"""
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def effective_language(cli: str | None, saved: str | None, deployment: Deployment) -> str:
    """The interface language: `--lang`, else the user's own choice, else the deployment's,
    else Chinese. `saved` is None when the user never chose one in Settings."""
    for choice in (cli, saved, deployment.language):
        if choice in LANGUAGES:
            return choice
    return LANGUAGES[0]
