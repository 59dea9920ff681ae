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


# The passwords tried first by anyone guessing (the commonest in leaked lists, Chinese ones
# included), compared without case.
COMMON = frozenset("""
password password1 password123 passw0rd p@ssw0rd p@ssword qwerty qwerty123 qwertyuiop qwer1234 asdfghjkl
1q2w3e4r 1q2w3e4r5t zaq12wsx abc12345 abcd1234 abcdefgh a1234567 aa123456 a12345678 iloveyou
woaini1314 woaini520 wodemima admin123 administrator welcome1 letmein1 sunshine monkey123 dragon123
football baseball superman trustno1 11111111a 1234qwer qwe12345 q1w2e3r4 aaaaaaaa zxcvbnm1 zxcvbnm123
yizhan123 yizhan2026 changeme
""".split())


def check_strength(password: str, field_name: str = "password", *, personal: tuple[str | None, ...] = ()) -> None:
    """At least 8 characters, not only digits, not one of the commonest passwords, and not
    the account's own phone number or user name (``personal``)."""
    if not (MIN_LENGTH <= len(password) <= MAX_LENGTH) or password.isdigit():
        raise invalid(field_name, "weak_password")
    lowered = password.strip().lower()
    if lowered in COMMON or any(lowered == (known or "").strip().lower() for known in personal if known):
        raise invalid(field_name, "common_password")


def temporary_password() -> str:
    """A password an admin can read out over the phone: 10 characters, no look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))
