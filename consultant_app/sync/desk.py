"""One desk's link to its server: address, token, HTTP client and sync loop, together.

The UI holds one `DeskLink` per open workspace and calls it only from its network worker
(every method may block on the network or the database). Without a server address the desk
works offline only and has no loop.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from consultant_app.store.database import Workspace
from consultant_app.sync import outbox
from consultant_app.sync.account import (
    SignedIn,
    TokenStore,
    device_id,
    http_client,
    sign_in,
    sign_out,
    token_account,
)
from consultant_app.sync.engine import SignInRequiredError, SyncClient
from consultant_app.sync.loop import SyncLoop, SyncPolicy

if TYPE_CHECKING:
    from pathlib import Path

    import httpx

    from consultant_app.library.cache import FileCache
    from consultant_app.library.files import Progress
    from consultant_app.library.radar import TrackedLink

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RejectedChange:
    """A refused mutation as the consultant reads it: what, for whom, and why.

    `contact_name` names what it concerned: the customer, or for a library change the
    personal script's title ('' when neither is known).
    """

    mutation_id: str
    kind: str
    contact_name: str
    reason: str
    made_at: str


class DeskLink:
    """The workspace's server, sign-in and sync loop."""

    def __init__(
        self,
        workspace: Workspace,
        server_url: str,
        *,
        keyring_backend: Any | None = None,
        policy: SyncPolicy | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        self.workspace = workspace
        self.server_url = server_url
        self.device = device_id(workspace)
        self.tokens = TokenStore(
            workspace.data_dir, token_account(server_url, self.device), keyring_backend
        )
        self.http = http if http is not None else http_client(server_url)
        self._policy = policy
        self._lock = threading.Lock()
        self.loop: SyncLoop | None = None
        token = self.tokens.load()
        if token:
            self._start_loop(token)

    @property
    def signed_in(self) -> bool:
        return self.loop is not None

    def sign_in(self, username: str, password: str) -> SignedIn:
        """Sign in, keep the token, and (re)start the loop with it."""
        result = sign_in(self.workspace, self.http, username, password)
        self.tokens.save(result.token)
        with self._lock:
            if self.loop is None:
                self._start_loop(result.token)
            else:
                self.loop.signed_in(result.token)
        return result

    def sign_out(self) -> bool:
        """Revoke the token (if the server can be reached) and forget it; the queue stays."""
        with self._lock:
            loop, self.loop = self.loop, None
        revoked = True
        if loop is not None:
            revoked = sign_out(self.http, loop.client.token)
        self.tokens.clear()
        return revoked

    def rejected(self) -> list[RejectedChange]:
        """Refused mutations, newest first, with the customer's name (or the personal
        script's title) where it is known: as it is here now, else as the mutation gave it."""
        conn = self.workspace.reader()
        out = []
        for entry in outbox.rejected(self.workspace):
            if entry.material_id:
                sql, key = "SELECT title FROM material WHERE id = ?", entry.material_id
            else:
                sql, key = "SELECT name FROM contact WHERE id = ?", entry.contact_id
            row = conn.execute(sql, (key,)).fetchone()
            out.append(
                RejectedChange(
                    entry.mutation_id,
                    entry.kind.value,
                    str(row[0]) if row else entry.contact_name,
                    entry.reason,
                    entry.created_at.isoformat(),
                )
            )
        return out

    def dismiss_rejected(self, mutation_ids: list[str]) -> None:
        outbox.dismiss(self.workspace, mutation_ids)

    def material_file(
        self, cache: FileCache, digest: str, on_progress: Progress | None = None
    ) -> Path:
        """A material's file: from the cache (also offline and signed out), else downloaded
        from the server with `on_progress` and cached (`consultant_app.library.files`)."""
        from consultant_app.library import files

        cached = cache.get(digest)
        if cached is not None:
            return cached
        return files.fetch(cache, self.http, self._token(), digest, on_progress=on_progress)

    def tracked_link(self, material_id: str, contact_id: str) -> TrackedLink:
        """The customer's tracked link to an article (链接雷达): kept from before (works
        offline), else made by the server (`consultant_app.library.radar.tracked_link`)."""
        from consultant_app.library import radar

        kept = radar.cached_link(self.workspace.reader(), material_id, contact_id)
        if kept is not None:
            return kept
        return radar.tracked_link(self.workspace, self.http, self._token(), material_id, contact_id)

    def _token(self) -> str:
        loop = self.loop
        if loop is None:
            raise SignInRequiredError("sign in to reach the server")
        return loop.client.token

    def close(self) -> None:
        self.http.close()

    def _start_loop(self, token: str) -> None:
        client = SyncClient(self.workspace, self.http, token, self.device)
        self.loop = SyncLoop(client, policy=self._policy)
