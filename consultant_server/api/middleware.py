"""ASGI middleware: the request body limit and the version header on every response."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from consultant_server.api.errors import error_response

MIN_CLIENT_VERSION_HEADER = "X-Min-Client-Version"


@dataclass(frozen=True, slots=True)
class PrefixLimit:
    """A smaller body limit for the paths under `prefix`, answered by `too_large(limit)`
    (the public landing pages answer with a page, not JSON)."""

    prefix: str
    max_bytes: int
    too_large: Callable[[int], Response]


class BodyLimitMiddleware:
    """Answer 413 to a request body over `max_bytes` before any route sees it.

    The body is read (up to the limit) before the app runs, so a chunked upload without a
    Content-Length is cut off too, and nothing has been changed when the 413 goes out. Paths
    under a `PrefixLimit`'s prefix have that limit and answer instead.
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, prefix_limits: Sequence[PrefixLimit] = ()
    ) -> None:
        self.prefix_limits = tuple(prefix_limits)
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        special = next((p for p in self.prefix_limits if path.startswith(p.prefix)), None)
        limit = self.max_bytes if special is None else special.max_bytes

        async def too_large() -> None:
            response: Response
            if special is None:
                response = error_response(
                    413,
                    "content_too_large",
                    f"the request body is larger than the limit of {limit} bytes",
                )
            else:
                response = special.too_large(limit)
            await response(scope, receive, send)

        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await too_large()
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > limit:
                await too_large()
                return
            chunks.append(body)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


class VersionHeaderMiddleware:
    """Tell every client, on every response, the oldest client version allowed to sync."""

    def __init__(self, app: ASGIApp, min_client_version: str) -> None:
        self.app = app
        self.min_client_version = min_client_version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers[MIN_CLIENT_VERSION_HEADER] = self.min_client_version
            await send(message)

        await self.app(scope, receive, send_with_header)
