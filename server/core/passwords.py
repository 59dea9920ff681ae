"""Password hashing with scrypt (standard library), off the event loop."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from pathlib import Path

from server.core.errors import invalid

# ~16 MiB and ~50 ms a hash on one core: slow for an attacker, fine for a sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_LENGTH, MAX_LENGTH = 8, 128


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password_sync(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password_sync(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(hash_password_sync, password)


async def verify_password(password: str, encoded: str) -> bool:
    return await asyncio.to_thread(verify_password_sync, password, encoded)


# A hash to check against when the account does not exist, so that "no such user" and
# "wrong password" take the same time.
DUMMY_HASH = hash_password_sync(secrets.token_urlsafe(16))


# The passwords tried first by anyone guessing (the 10,000 commonest of a large leak, and
# the Chinese favourites), compared without case.
COMMON = frozenset(
    line.strip().lower()
    for line in (Path(__file__).with_name("common_passwords.txt")).read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

# A US keyboard as rows of keys (unshifted, shifted) and how far each row is indented, in
# keys: "1qaz" and "qwertyui" are walks across it.
_ROWS = (("1234567890-=", "!@#$%^&*()_+", 0.0), ("qwertyuiop[]", "QWERTYUIOP{}", 0.5),
         ("asdfghjkl;'", 'ASDFGHJKL:"', 0.75), ("zxcvbnm,./", "ZXCVBNM<>?", 1.25))
_KEYS = {key: (row, col + indent) for row, (plain, shifted, indent) in enumerate(_ROWS)
         for keys in (plain, shifted) for col, key in enumerate(keys)}


def _adjacent(a: str, b: str) -> bool:
    if a not in _KEYS or b not in _KEYS or a.lower() == b.lower():
        return False
    (row_a, x_a), (row_b, x_b) = _KEYS[a], _KEYS[b]
    return (row_a == row_b and abs(x_a - x_b) == 1) or (abs(row_a - row_b) == 1 and abs(x_a - x_b) <= 1)


def is_keyboard_walk(password: str) -> bool:
    """Made of at most three runs of neighbouring keys, each at least three long
    ("qwertyui", "1qaz2wsx", "qazwsxedc", "!QAZ2wsx")."""
    runs, length = [], 1
    for previous, current in zip(password, password[1:], strict=False):
        if _adjacent(previous, current):
            length += 1
        else:
            runs.append(length)
            length = 1
    runs.append(length)
    return len(runs) <= 3 and min(runs) >= 3


def check_strength(password: str, field_name: str = "password", *, personal: tuple[str | None, ...] = ()) -> None:
    """At least 8 characters, not only digits, not one of the commonest passwords, not a
    walk across the keyboard, and not the account's own phone number or user name
    (``personal``). Each refusal has its own code, so the message says why."""
    if not (MIN_LENGTH <= len(password) <= MAX_LENGTH) or password.isdigit():
        raise invalid(field_name, "weak_password")
    lowered = password.strip().lower()
    if any(lowered == (known or "").strip().lower() for known in personal if known):
        raise invalid(field_name, "personal_password")
    if lowered in COMMON:
        raise invalid(field_name, "common_password")
    if is_keyboard_walk(password.strip()):
        raise invalid(field_name, "keyboard_walk")


def temporary_password() -> str:
    """A password an admin can read out over the phone: 10 characters, no look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))
