"""Password hashing with scrypt (standard library), off the event loop."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets

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


def check_strength(password: str, field_name: str = "password") -> None:
    if not (MIN_LENGTH <= len(password) <= MAX_LENGTH) or password.isdigit():
        raise invalid(field_name, "weak_password")


def temporary_password() -> str:
    """A password an admin can read out over the phone: 10 characters, no look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))
