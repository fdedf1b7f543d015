"""Serving the app with uvicorn so that a stop ends desks' long polls cleanly.

Desks keep a long poll open (`GET /sync/wait`, up to 50 s). A plain uvicorn stop waits for open
requests up to its graceful timeout and then cancels them, logging each as an exception. Here a
stop first marks the app as draining (`app.state.draining`): every waiting poll answers "nothing
new" within one tick (0.1 s), the desk waits again, finds the server gone or restarted, and goes
on as after any network failure.
"""

from __future__ import annotations

from types import FrameType

import uvicorn
from fastapi import FastAPI


def draining(app: FastAPI) -> bool:
    """Whether the server is stopping: long polls should answer now."""
    return bool(getattr(app.state, "draining", False))


class DrainingServer(uvicorn.Server):
    """A uvicorn server that marks its app as draining before it stops (on a signal, or on
    `stop`)."""

    def __init__(self, app: FastAPI, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.app = app

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.app.state.draining = True
        super().handle_exit(sig, frame)

    def stop(self) -> None:
        """Stop from another thread: polls answer, then uvicorn shuts down."""
        self.app.state.draining = True
        self.should_exit = True
