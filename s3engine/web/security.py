"""What protects the web survey from the web: headers, a body limit, and slowed guessing.

* Every response carries a strict Content-Security-Policy (scripts, styles and images from
  the survey's own /static folder only: no inline script, no inline style, no frames, forms
  posting only to the survey), no referrer (links hold tokens), no MIME sniffing, no framing,
  and no caching of pages that hold answers.
* A request body larger than WEB_MAX_BODY_BYTES is refused (413) before more is read.
* `Throttle` counts wrong tokens per client address: after a few, each further attempt from
  that address must wait, longer every time (429 with Retry-After). The counts live in the
  server process (one process serves a survey; docs/web-survey.md).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from s3engine.core.limits import WEB_MAX_BODY_BYTES

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]


class BodyTooLarge(Exception):
    """A request body beyond WEB_MAX_BODY_BYTES."""


class SecurityHeaders:
    """ASGI middleware: the headers above on every response; pages are never cached."""

    def __init__(self, app: ASGIApp, *, hsts: bool = False):
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in HEADERS if name not in names]
                if not static and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                if self.hsts:
                    headers.append(
                        (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
                    )
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """ASGI middleware: a body beyond the limit raises BodyTooLarge where it is read.

    A Content-Length beyond the limit is refused before a byte is read; a body sent in chunks
    is counted as it arrives. The app's error handler turns BodyTooLarge into a 413 page.
    """

    def __init__(self, app: ASGIApp, *, limit: int = WEB_MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        too_large = False
        if declared is not None:
            try:
                too_large = int(declared) > self.limit
            except ValueError:
                too_large = True
        received = 0

        async def limited() -> Message:
            nonlocal received
            if too_large:
                raise BodyTooLarge()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge()
            return message

        await self.app(scope, limited, send)


@dataclass
class _Record:
    failures: deque[float] = field(default_factory=deque)
    blocked_until: float = 0.0
    strikes: int = 0


class Throttle:
    """Wrong tokens per client address, and how long that address must wait.

    `free` wrong tokens within `window` seconds cost nothing (a mistyped link, a link cut in
    two by a mail program); each one after that blocks the address for twice as long as the
    one before, from one second up to `longest`.
    """

    def __init__(
        self,
        *,
        free: int = 5,
        window: float = 600.0,
        longest: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.free = free
        self.window = window
        self.longest = longest
        self.clock = clock
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def wait(self, address: str) -> int:
        """Seconds `address` must still wait before trying a token (0: it may try now)."""
        with self._lock:
            record = self._records.get(address)
            if record is None:
                return 0
            left = record.blocked_until - self.clock()
            return max(0, int(left + 0.999))

    def failed(self, address: str) -> None:
        with self._lock:
            moment = self.clock()
            record = self._records.setdefault(address, _Record())
            record.failures.append(moment)
            while record.failures and record.failures[0] < moment - self.window:
                record.failures.popleft()
            if len(record.failures) > self.free:
                record.strikes += 1
                pause = min(self.longest, 2.0 ** (record.strikes - 1))
                record.blocked_until = moment + pause
            elif not record.failures:
                record.strikes = 0
            self._forget_old(moment)

    def _forget_old(self, moment: float) -> None:
        if len(self._records) < 10_000:
            return
        stale = [
            address
            for address, record in self._records.items()
            if record.blocked_until < moment
            and (not record.failures or record.failures[-1] < moment - self.window)
        ]
        for address in stale:
            del self._records[address]
