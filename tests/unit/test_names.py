from server.core.names import public_name


def test_riders_appear_as_surname_and_shifu():
    assert public_name("王建国") == "王师傅"
    assert public_name("欧阳娜娜") == "欧阳师傅"
    assert public_name("艾力·买买提") == "艾力师傅"
    assert public_name("Ablimit Tursun") == "Ablimit 师傅"
    assert public_name("  ") == "师傅"
