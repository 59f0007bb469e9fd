"""The register takes its default deadlines and the indicators it feeds from the frameworks' catalogue
(frameworks.queries); the values are those it had hard-coded before (issue 11: no change in behaviour)."""

from vigie.frameworks.queries import default_deadline, register_deadlines, register_indicators
from vigie.register.analysis.indicators import register_codes
from vigie.register.enums import Channel, Kind
from vigie.register.models import DeadlineRule
from vigie.register.requests.services import deadline_for

# The table written in register/enums.py before the deadlines moved to the frameworks' data (referentiels.md).
BEFORE = {
    "complaint": {"email": 5, "letter": 10, "box": 10, "web": 5, "sp_platform": 5},
    "suggestion": {"email": 5, "letter": 10, "box": 10, "web": 5, "sp_platform": 5},
    "information": {"email": 5, "letter": 10, "web": 5, "sp_platform": 5},
    "other": {"email": 5, "letter": 10, "web": 5, "sp_platform": 5},
    "thanks": {},
}


def test_every_kind_and_channel_keeps_its_default_deadline():
    for kind in Kind.values:
        for channel in Channel.values:
            assert default_deadline(kind, channel) == BEFORE[kind].get(channel), (kind, channel)


def test_the_frameworks_name_only_kinds_and_channels_of_the_register():
    for rule in [*register_deadlines(), *register_indicators()]:
        assert rule.kinds <= set(Kind.values)
        assert rule.channels is None or rule.channels <= set(Channel.values)


def test_the_register_feeds_the_same_six_indicators():
    assert register_codes() == [
        "RECLAM-DELAI-OK",
        "RECLAM-DELAI",
        "COURRIEL-INFO-5J",
        "COURRIEL-INFO-DELAI",
        "COURRIER-INFO-10J",
        "COURRIER-INFO-DELAI",
    ]
    families = {(p.rate_code, frozenset(p.kinds), p.channels) for p in register_indicators()}
    assert families == {
        ("RECLAM-DELAI-OK", frozenset({"complaint", "suggestion"}), None),
        ("COURRIEL-INFO-5J", frozenset({"information"}), frozenset({"email", "web"})),
        ("COURRIER-INFO-10J", frozenset({"information"}), frozenset({"letter"})),
    }


def test_a_departments_own_deadline_still_wins(world):
    DeadlineRule.objects.create(department=world.dept_a, kind="complaint", channel="email", working_days=3)
    assert deadline_for(world.dept_a, "complaint", "email") == 3
    assert deadline_for(world.dept_b, "complaint", "email") == 5
