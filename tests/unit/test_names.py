from server.core.names import public_name


def test_riders_appear_as_surname_and_shifu():
    assert public_name("王建国") == "王师傅"
    assert public_name("欧阳娜娜") == "欧阳师傅"
    assert public_name("艾力·买买提") == "艾力师傅"
    assert public_name("Ablimit Tursun") == "Ablimit 师傅"
    assert public_name("  ") == "师傅"


def test_the_short_name_is_what_goes_with_the_title_in_any_language():
    from server.core.names import public_short

    assert [public_short(n) for n in ("王建国", "欧阳娜娜", "艾力·买买提", "Ablimit Tursun", "  ")] == \
        ["王", "欧阳", "艾力", "Ablimit", ""]
