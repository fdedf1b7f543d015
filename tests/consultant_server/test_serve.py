"""``consultant-server serve`` as a real process: a stop (SIGTERM, as systemd or Ctrl+C sends)
answers desks' open long polls instead of cutting them, and the process exits cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

import httpx
import pytest

from tests.consultant_server.support import http_login
from tests.consultant_server.test_cli import add_user, run

#: Generous on shared 2-core machines.
LONG_S = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_stopped_server_answers_open_long_polls_and_exits_cleanly(database_url: str) -> None:
    assert run("migrate", "--database-url", database_url)[0] == 0
    assert add_user(database_url, "zhangwei") == 0
    port = free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "consultant_server", "serve"),
            *("--database-url", database_url, "--host", "127.0.0.1", "--port", str(port)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + LONG_S
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "did not start"
            time.sleep(0.1)
        headers = http_login(base, "zhangwei", "pass-word-1")
        cursor = httpx.get(f"{base}/sync/pull", headers=headers, timeout=LONG_S).json()["cursor"]
        box: dict[str, Any] = {}

        def poll() -> None:
            box["answer"] = httpx.get(
                f"{base}/sync/wait",
                params={"cursor": cursor, "timeout": 50},
                headers=headers,
                timeout=LONG_S,
            )

        waiting = threading.Thread(target=poll, daemon=True)
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive()  # nothing changes: the poll waits
        server.send_signal(signal.SIGTERM)
        waiting.join(LONG_S)
        answer = box["answer"]
        assert answer.status_code == 200 and answer.json()["changed"] is False
        # uvicorn shuts down, then ends by the signal it was sent (as systemd expects).
        assert server.wait(LONG_S) in (0, -signal.SIGTERM)
    finally:
        if server.poll() is None:
            server.kill()
        output = server.communicate()[0]
    assert "Exception in ASGI application" not in output
    assert "timeout graceful shutdown exceeded" not in output
