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
    for temp in (temporary_password() for _ in range(200)):
        check_strength(temp)  # what the admin hands out always passes
    temp = temporary_password()
    check_strength(temp)
    assert len({temporary_password() for _ in range(50)}) == 50


def test_the_common_list_is_a_real_one_and_walks_are_seen():
    from server.core.passwords import COMMON, is_keyboard_walk

    assert len(COMMON) >= 10_000
    for known in ("password", "iloveyou", "princess", "starwars", "woaini1314", "qwertyuiop", "1q2w3e4r"):
        assert known in COMMON, known
    for walk in ("qwertyui", "1qaz2wsx", "qazwsxedc", "!QAZ2wsx", "asdfghjkl;", "zaq1xsw2", "poiuytre", ",mnbvcxz"):
        assert is_keyboard_walk(walk), walk
    for fine in ("ride-safe-2026", "correct-horse-1", "qwer1234abcd", "tianshan-rider", "a-s-d-f-g-h"):
        assert not is_keyboard_walk(fine), fine


def test_a_beneficiarys_phone_may_be_a_landline():
    from server.core.phones import mask_phone, normalise_contact_phone

    for raw, stored in (("0991-2345678", "0991-2345678"), ("(0991)2345678", "0991-2345678"),
                        ("+86 991 2345 678", "0991-2345678"), ("010-62345678", "010-62345678"),
                        ("021 5888 1234", "021-58881234"), ("0991 23456789", "0991-23456789"),
                        ("138 0013 8000", "13800138000")):
        assert normalise_contact_phone(raw) == stored, raw
    for bad in ("0991-123", "12345", "0991-0345678", "010-2345678", "0991-23456789012", "phone", ""):
        assert normalise_contact_phone(bad) is None, bad
    assert mask_phone("0991-2345678") == "0991-***5678" and mask_phone("13800138000") == "138****8000"
