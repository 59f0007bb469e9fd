"""The answer rule, written once in register/perms.py, over every persona and where the request is."""

import pytest

from tests.register.factories import make_request
from vigie.register.requests.perms import answerable_services, can_answer

# persona → may answer a request of (pref-51 « etrangers », pref-51 « accueil », sp-reims « accueil », pref-16)
EXPECTED = {
    "national": (True, True, True, True),
    "officer": (True, True, True, False),
    "officer_b": (False, False, False, True),
    "correspondent": (False, False, True, False),  # the correspondent of sp-reims
    "agent": (True, False, False, False),  # an agent of pref-51 « etrangers »
    "reader": (False, False, False, False),
    "auditor": (False, False, False, False),
    "no_role": (False, False, False, False),
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_who_may_answer_and_for_which_services(world, persona):
    services = [world.service_a1, world.service_a1bis, world.service_a2, world.service_b1]
    user = getattr(world, persona)
    assert tuple(can_answer(user, make_request(world, service=s)) for s in services) == EXPECTED[persona]
    allowed = {s.pk for s in answerable_services(user)}
    assert tuple(s.pk in allowed for s in services) == EXPECTED[persona]
