"""Error lists shown to a person: the first 50, then one line with the number left and the total."""

from vigie.core.issues import capped


def test_a_short_list_is_shown_whole():
    listed = capped([f"e{n}" for n in range(50)])
    assert (len(listed.shown), listed.more, listed.count) == (50, "", "50 erreurs")
    assert str(listed) == "\n".join(f"e{n}" for n in range(50))


def test_a_long_list_says_how_many_are_left_and_the_total():
    assert capped(["e"] * 51).more == "… et 1 autre erreur (51 au total)"
    listed = capped(["e"] * 99_999)
    assert len(listed.shown) == 50 and listed.lines()[-1] == "… et 99\u202f949 autres erreurs (99\u202f999 au total)"
    assert capped(["w"] * 52, warnings=True).more == "… et 2 autres avertissements (52 au total)"
    assert capped(["w"], warnings=True).count == "1 avertissement"
