"""A minimal driver for headless Chromium over the DevTools protocol, on pipes.

Chromium started with ``--remote-debugging-pipe`` reads protocol messages from its file
descriptor 3 and writes them to 4, each a JSON object ended by a NUL byte; this is the
transport Playwright and Puppeteer use. Driving it this way needs nothing beyond the
standard library: no chromedriver matching the browser's version, no WebSocket client,
no port to race for. The test uses a handful of commands: navigate, evaluate, click,
type, screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")


def find_chromium() -> Path | None:
    """Chromium's executable: /usr/bin/chromium, else one on PATH."""
    if CHROMIUM.exists():
        return CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


#: Run as ``python -c`` with the two pipe ends and the browser's command line: puts the ends
#: on 3 and 4 (through fresh numbers, so neither clobbers the other) and execs the browser.
_BECOME_BROWSER = """
import fcntl, os, sys
ends = [fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3]]
for fd in sys.argv[1:3]:
    os.close(int(fd))
os.dup2(ends[0], 3)
os.dup2(ends[1], 4)
for fd in ends:
    os.close(fd)
os.execv(sys.argv[3], sys.argv[3:])
"""


def _flags(profile: Path) -> list[str]:
    flags = [
        "--headless=new",
        "--remote-debugging-pipe",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-gpu",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-sync",
        "--mute-audio",
        "--lang=zh-CN",
        f"--user-data-dir={profile}",
    ]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return flags


class ProtocolError(RuntimeError):
    """The browser answered a command with an error, died, or did not answer in time."""


class Chromium:
    """One headless browser with one page, sized and behaving like a phone."""

    def __init__(self, executable: Path, profile: Path, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        to_child, self._to_browser = os.pipe()
        self._from_browser, from_child = os.pipe()
        # The browser wants the pipes on descriptors 3 and 4. A small Python process moves
        # them there and becomes the browser (no preexec_fn here: the test runs a server
        # thread, and forking with threads must not run Python code in the child).
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _BECOME_BROWSER,
                str(to_child),
                str(from_child),
                str(executable),
                *_flags(profile),
            ],
            pass_fds=(to_child, from_child),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next_id = 0
        self.session = ""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        self.call("Page.enable")

    # -- the protocol

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send one command (to the page once attached) and return its result."""
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            for answer in self._messages(deadline):
                if answer.get("id") == ident:
                    if "error" in answer:
                        raise ProtocolError(f"{method}: {answer['error']}")
                    result: dict[str, Any] = answer.get("result", {})
                    return result

    def _messages(self, deadline: float) -> list[dict[str, Any]]:
        """The complete messages that have arrived (events are read and dropped)."""
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ProtocolError("the browser did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise ProtocolError("the browser closed the pipe")
            self._buffer += chunk
        *complete, self._buffer = self._buffer.split(b"\0")
        return [json.loads(raw) for raw in complete]

    # -- what a test does with a page

    def phone(self, width: int = 390, height: int = 844, scale: float = 2.0) -> None:
        """Behave like a phone of that many CSS pixels (an iPhone 12–15 is 390 × 844)."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": True},
        )
        self.call("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})

    def open(self, url: str) -> None:
        """Navigate and wait until the page has loaded."""
        self.call("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (DevTools is not bound by CSP)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise ProtocolError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, condition: str, timeout: float | None = None) -> None:
        """Poll until the JavaScript `condition` holds."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            try:
                if self.evaluate(condition):
                    return
            except ProtocolError:
                pass  # the page is between documents
            if time.monotonic() > deadline:
                raise ProtocolError(f"timed out waiting for {condition}")
            time.sleep(0.05)

    def click(self, selector: str) -> None:
        """A real tap on the element: pressed and released at its centre."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    def type(self, selector: str, text: str) -> None:
        """Tap a field, clear it, and type `text` as a keyboard (an IME) would insert it."""
        self.click(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).select()")
        self.call("Input.insertText", {"text": text})

    def choose(self, selector: str, value: str) -> None:
        """Pick an option of a select (the phone's own picker cannot be driven headless)."""
        self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            f" e.value = {json.dumps(value)};"
            " e.dispatchEvent(new Event('change', {bubbles: true})); })()"
        )

    def screenshot(self, path: Path) -> None:
        """The whole page, as tall as it is, at the phone's width."""
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {
                    "x": 0,
                    "y": 0,
                    "width": size["width"],
                    "height": size["height"],
                    "scale": 1,
                },
            },
        )
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.call("Browser.close")
            self.process.wait(10)
        except (ProtocolError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(10)
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
