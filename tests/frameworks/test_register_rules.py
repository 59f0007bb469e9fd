"""The catalogue's rules for the requests register: computed indicator pairs and default deadlines, read through
frameworks.queries (from the shipped file, no query) and checked when the catalogue is parsed."""

import pytest

from vigie.core.yamlfile import FileRejected
from vigie.frameworks.loader import CATALOGUE_FILE, DATA_DIR, parse_catalogue
from vigie.frameworks.queries import default_deadline, register_deadlines, register_indicators

SHIPPED = (DATA_DIR / CATALOGUE_FILE).read_text(encoding="utf-8")


def test_the_catalogue_names_three_computed_pairs_in_order():
    pairs = register_indicators()
    assert [(p.rate_code, p.delay_code) for p in pairs] == [
        ("RECLAM-DELAI-OK", "RECLAM-DELAI"),
        ("COURRIEL-INFO-5J", "COURRIEL-INFO-DELAI"),
        ("COURRIER-INFO-10J", "COURRIER-INFO-DELAI"),
    ]
    complaints, emails, letters = pairs
    assert complaints.channels is None and complaints.counts("suggestion", "box")
    assert emails.counts("information", "web") and not emails.counts("information", "letter")
    assert letters.counts("information", "letter") and not letters.counts("complaint", "letter")
    assert all(p.source and p.confidence in {"C", "S", "I"} for p in pairs)


def test_default_deadlines_come_with_their_source_and_need_no_database():  # no `db` fixture: a query would fail
    assert (default_deadline("complaint", "box"), default_deadline("information", "email")) == (10, 5)
    assert default_deadline("thanks", "email") is None and default_deadline("complaint", "phone") is None
    assert all(rule.source and rule.confidence for rule in register_deadlines())


def _catalogue(replace: str, by: str) -> bytes:
    assert SHIPPED.count(replace) == 1
    return SHIPPED.replace(replace, by).encode()


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "    rate: RECLAM-DELAI-OK\n",
            "    rate: TEL-DECROCHE\n",
            "« TEL-DECROCHE » doit être de nature rate et calculé",
        ),
        ("    delay: RECLAM-DELAI\n", "    delay: RECLAM-DELAI-OK\n", "doit être de nature mean"),
        ("    rate: COURRIER-INFO-10J\n", "    rate: NOPE\n", "« NOPE » absent du catalogue"),
        ("    channels: all\n", "    channels: tous\n", "« channels » attend une liste"),
        (
            "  - kinds: [other]\n    channels: [letter]\n",
            "  - kinds: [other]\n    channels: [email]\n",
            "a déjà un délai",
        ),
        ("    working_days: 10\n    source: SEED-41\n    confidence: I\n", "    working_days: dix\n", "working_days"),
    ],
)
def test_a_wrong_register_section_refuses_the_catalogue(replace, by, message):
    with pytest.raises(FileRejected, match=message):
        parse_catalogue(_catalogue(replace, by))
