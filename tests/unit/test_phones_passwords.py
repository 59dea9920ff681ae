from hypothesis import given
from hypothesis import strategies as st

from server.core.passwords import (
    check_strength,
    hash_password_sync,
    temporary_password,
    verify_password_sync,
)
from server.core.phones import mask_phone, normalise_phone

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(mobiles)
def test_every_spelling_of_a_mobile_normalises_to_11_digits(phone):
    spellings = [phone, f"+86{phone}", f"86{phone}", f"0086{phone}",
                 f"{phone[:3]} {phone[3:7]} {phone[7:]}", f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}"]
    assert {normalise_phone(s) for s in spellings} == {phone}


@given(mobiles)
def test_masking_keeps_three_and_four_digits(phone):
    masked = mask_phone(phone)
    assert masked == phone[:3] + "****" + phone[7:] and len(masked) == 11


def test_not_mobiles():
    for raw in ["", "12345678901", "2380013800", "138001380001", "1380013800a", "+1 13800138000", "010-88886666"]:
        assert normalise_phone(raw) is None, raw


def test_password_hash_roundtrip_and_salt():
    first, second = hash_password_sync("ride-safe-77"), hash_password_sync("ride-safe-77")
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert verify_password_sync("ride-safe-77", first)
    assert not verify_password_sync("ride-safe-78", first)
    assert not verify_password_sync("ride-safe-77", "garbage")
    assert not verify_password_sync("ride-safe-77", "bcrypt$1$2$3$4$5")


def test_strength_and_temporary_passwords():
    import pytest

    from server.core.errors import AppError

    for weak in ["short", "12345678", "x" * 129]:
        with pytest.raises(AppError):
            check_strength(weak)
    check_strength("ride-safe-77")
    temp = temporary_password()
    check_strength(temp)
    assert len({temporary_password() for _ in range(50)}) == 50
