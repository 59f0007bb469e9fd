"""File readers (pure) on the seed's Charente 2021 tables, and their French errors."""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.core.formatting import format_number
from vigie.indicators.imports.readers import parse_long, parse_number, parse_wide, read_table

DATA = Path(__file__).resolve().parent.parent / "data"


def _wide(name, **kw):
    return parse_wide((DATA / name).read_bytes(), name, year=2021, site="pref-16", **kw)


def test_telephony_table_gives_basis_per_month_and_flags_the_seed_slips():
    result = _wide("charente-2021-telephonie.csv")
    assert result.errors == []
    assert [r.period for r in result.rows] == [f"2021-{m:02d}" for m in range(1, 13)]
    january = result.rows[0]
    assert (january.numerator, january.denominator, january.published_value) == (7637, 9903, Decimal("77.1"))
    assert [(w.line, w.column) for w in result.warnings] == [(5, "FÉVRIER"), (5, "MARS"), (5, "MAI"), (5, "NOVEMBRE")]
    november = result.warnings[-1]
    assert str(november) == (
        "ligne 5, colonne « NOVEMBRE » : taux publié 77,8% ≠ 84,8 % calculé à partir de la base "
        "(8\u202f599 − 1\u202f309) / 8\u202f599 ; la base est conservée"
    )
    total = sum(r.numerator for r in result.rows) / sum(r.denominator for r in result.rows) * 100
    assert format_number(total, 1) == "81,5"


def test_website_table_in_windows_1252():
    result = _wide("charente-2021-site-internet.csv")
    assert (result.rows[0].numerator, result.rows[0].denominator) == (32403, 360970)
    assert [w.column for w in result.warnings] == ["JUN", "JUILLET", "NOVEMBRE"]


def test_social_networks_xlsx_sums_both_networks():
    result = _wide("charente-2021-reseaux-sociaux.xlsx")
    assert (result.rows[0].numerator, result.rows[0].denominator) == (966 + 5242, 55626 + 88030)
    assert [w.column for w in result.warnings] == [
        "JANVIER",
        "FÉVRIER",
        "MARS",
        "AVRIL",
        "JUN",
        "JUILLET",
        "SEPTEMBRE",
        "NOVEMBRE",
    ]


def test_long_format():
    result = parse_long((DATA / "charente-2021-long.csv").read_bytes(), "long.csv")
    assert result.errors == [] and len(result.rows) == 16
    quarter = result.rows[-1]
    assert (quarter.indicator, quarter.period, quarter.numerator, quarter.published_value) == (
        "TITRES-CNI-PASSEPORT-DELAI",
        "2021-T4",
        None,
        26,
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"indicator;site;period;numerator;denominator\nTEL-DECROCHE;pref-16;2021-01;abc;10\n",
            "ligne 2, colonne « numerator » : « abc » n'est pas un nombre",
        ),
        (
            b"indicator;site;period;numerator;denominator\nTEL-DECROCHE;pref-16;2021-13;1;10\n",
            "ligne 2, colonne « period » : « 2021-13 » n'est pas une période (2021-01, 2021-T1 ou 2021)",
        ),
        (
            b"indicator;site;period;numerator;denominator\nTEL-DECROCHE;pref-16;2021-01;-1;10\n",
            "ligne 2, colonne « numerator » : valeur négative (-1)",
        ),
        (b"indicator;site;periode;numerator;colonne\n", "ligne 1, colonne « colonne » : colonne inconnue"),
        (
            b"indicator;site;period;numerator;denominator\nTEL-DECROCHE;;2021-01;1;2\nTEL-DECROCHE;;2021-01;1;2\n",
            "ligne 3 : mesure en double (déjà ligne 2)",
        ),
    ],
)
def test_long_format_errors_name_line_and_column(content, expected):
    errors = [str(e) for e in parse_long(content, "f.csv").errors]
    assert any(e.startswith(expected) for e in errors), errors


def test_wide_format_errors():
    bad = (
        (DATA / "charente-2021-telephonie.csv")
        .read_text()
        .replace(";2266;", ";deux mille;")
        .replace(";1309;", ";9000;")
    )
    errors = [str(e) for e in parse_wide(bad.encode(), "t.csv", year=2021, site=None).errors]
    assert "ligne 3, colonne « JANVIER » : « deux mille » n'est pas un nombre" in errors
    assert "ligne 3, colonne « NOVEMBRE » : plus d'appels perdus (9000) que reçus (8599)" in errors


def test_read_table_sniffs_the_separator_and_the_bom():
    assert read_table("\ufeffa,b\n1,2\n".encode(), "x.csv") == [["a", "b"], ["1", "2"]]
    assert read_table("é;b\n".encode("cp1252"), "x.csv") == [["é", "b"]]


@given(st.integers(0, 10**9), st.integers(0, 9))
def test_parse_number_reads_french_formatted_numbers(integer, tenth):
    text = format_number(Decimal(f"{integer}.{tenth}"), 1)
    assert parse_number(text) == Decimal(f"{integer}.{tenth}")
    assert parse_number(text + " %") == Decimal(f"{integer}.{tenth}")
