"""Tokens: the links of respondents and the analyst, and the signatures of forms.

A token is 144 random bits from `secrets` (24 URL-safe characters); the database keeps only
its SHA-256, so a copy of the database opens no survey, and a token is found by its hash in
one indexed look-up. Forms carry a signature of the browser's own random cookie
(`csrf_token`), made with the database's secret: a page of another site cannot post a form
to the survey, since it can neither read that cookie nor sign it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

#: Random bytes in a token: 144 bits, more than the 128 a guess must face.
TOKEN_BYTES = 18
#: What a token looks like; anything else is refused before the database is asked.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{24,64}$")


def new_token() -> str:
    # Never with a leading "-": an analyst types it after `serve delete --token`, where
    # argparse would take it for an option (one character in 64 is lost to that).
    while (token := secrets.token_urlsafe(TOKEN_BYTES)).startswith("-"):
        pass
    return token


def new_secret() -> str:
    return secrets.token_hex(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(text: str) -> bool:
    return bool(TOKEN_PATTERN.match(text))


def sign(secret: bytes, value: str, purpose: str) -> str:
    """A signature of `value` for one `purpose` (forms, pseudonyms), with the secret."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def csrf_token(secret: bytes, cookie: str) -> str:
    """The value a form must carry: a signature of the browser's CSRF cookie."""
    return sign(secret, cookie, "csrf")


def csrf_ok(secret: bytes, cookie: str | None, field: str | None) -> bool:
    if not cookie or not field:
        return False
    return hmac.compare_digest(csrf_token(secret, cookie), field)
