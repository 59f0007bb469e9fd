"""Measurement file parsers (pure, no database) on the Charente 2021 CLU tables (seed 001), and their French errors.

The published-value check flags a month when the printed figure differs from the one recomputed from the
basis by more than half a unit of its last printed decimal. On the seed's tables that gives, by arithmetic:
- telephony: FÉVRIER 81,3 (81,24), MARS 81,8 (81,95), MAI 86,7 (86,76) and NOVEMBRE 77,8 (84,78);
- website: JUN 7,35 (7,298), JUILLET 6,85 (6,803), NOVEMBRE 6,89 (6,870);
- social networks: JANVIER 5,4 (4,32), FÉVRIER 5,2 (5,257), MARS 5,9 (5,8495), AVRIL 6,8 (6,00), JUN 4,8 (4,59),
  JUILLET 5,1 (4,94), SEPTEMBRE 4,9 (6,03), NOVEMBRE 14,1 (5,83).
The research notes list fewer slips (telephony: November only; website: none; social: Jan, Apr, Jun, Sep, Nov);
the tests below follow the arithmetic and check it against an independent recomputation.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.indicators.imports import ParsedRow
from vigie.indicators.imports.long import normalise_period, parse_long
from vigie.indicators.imports.tables import TableError, parse_number, read_table
from vigie.indicators.imports.wide import parse_wide

DATA = Path(__file__).resolve().parent.parent / "data"
NNBSP = "\u202f"
MONTH_COLUMNS = [
    "JANVIER",
    "FÉVRIER",
    "MARS",
    "AVRIL",
    "MAI",
    "JUN",
    "JUILLET",
    "AOÛT",
    "SEPTEMBRE",
    "OCTOBRE",
    "NOVEMBRE",
    "DÉCEMBRE",
]
MONTHS_2021 = [f"2021-{m:02d}" for m in range(1, 13)]


def wide(name: str, **kwargs):
    return parse_wide((DATA / name).read_bytes(), name, year=2021, site="pref-16", **kwargs)


def rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def slips(rows: list[ParsedRow], decimals: int) -> list[str]:
    """Months whose printed rate is not the recomputed rate rounded as printed (independent oracle)."""
    return [
        MONTH_COLUMNS[i]
        for i, row in enumerate(rows)
        if rounded(row.numerator / row.denominator * 100, decimals) != row.published_value
    ]


# ---- the seed's tables ----------------------------------------------------------------------------------------


def test_telephony_table_gives_the_basis_per_month():
    result = wide("charente-2021-telephonie.csv")
    assert result.errors == []
    assert len(result.rows) == 12
    assert [r.period for r in result.rows] == MONTHS_2021
    assert {(r.indicator, r.site) for r in result.rows} == {("TEL-DECROCHE", "pref-16")}
    january = result.rows[0]
    assert (january.numerator, january.denominator, january.published_value) == (7637, 9903, Decimal("77.1"))
    assert round(january.numerator / january.denominator * 100, 1) == Decimal("77.1")
    numerators = sum(r.numerator for r in result.rows)
    denominators = sum(r.denominator for r in result.rows)
    assert (numerators, denominators) == (93148, 114310)
    assert rounded(numerators / denominators * 100, 1) == Decimal("81.5")


def test_telephony_table_flags_november_and_the_small_rounding_slips():
    result = wide("charente-2021-telephonie.csv")
    columns = [w.column for w in result.warnings]
    assert columns == slips(result.rows, 1) == ["FÉVRIER", "MARS", "MAI", "NOVEMBRE"]
    assert columns.count("NOVEMBRE") == 1
    november = next(w for w in result.warnings if w.column == "NOVEMBRE")
    assert str(november) == (
        f"ligne 5, colonne « NOVEMBRE » : taux publié 77,8{NNBSP}% ≠ 84,8{NNBSP}% calculé à partir de la base "
        f"(8{NNBSP}599 − 1{NNBSP}309) / 8{NNBSP}599 ; la base est conservée"
    )
    # November is the only real slip (7 points); the three others are off by less than 0,15 point.
    row = {r.period: r for r in result.rows}["2021-11"]
    assert (row.numerator, row.denominator, row.published_value) == (7290, 8599, Decimal("77.8"))


def test_website_table_in_windows_1252():
    content = (DATA / "charente-2021-site-internet.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    result = wide("charente-2021-site-internet.csv")
    assert result.errors == []
    assert len(result.rows) == 12 and [r.period for r in result.rows] == MONTHS_2021
    january = result.rows[0]
    assert (january.indicator, january.numerator, january.denominator) == ("WEB-CONNEXION", 32403, 360970)
    assert january.published_value == Decimal("8.98")
    # Rates printed with two decimals: tolerance 0,005 point. June, July and November miss it.
    assert [w.column for w in result.warnings] == slips(result.rows, 2) == ["JUN", "JUILLET", "NOVEMBRE"]
    assert str(result.warnings[0]) == (
        f"ligne 4, colonne « JUN » : taux publié 7,35{NNBSP}% ≠ 7,30{NNBSP}% calculé à partir de la base "
        f"26{NNBSP}342 / 360{NNBSP}970 ; la base est conservée"
    )
    mean = sum(r.numerator / r.denominator * 100 for r in result.rows) / 12
    assert rounded(mean, 2) == Decimal("7.44")


def test_social_networks_xlsx_sums_both_networks():
    result = wide("charente-2021-reseaux-sociaux.xlsx")
    assert result.errors == []
    assert len(result.rows) == 12 and [r.period for r in result.rows] == MONTHS_2021
    january = result.rows[0]
    assert (january.indicator, january.numerator, january.denominator) == ("RS-ENGAGEMENT", 966 + 5242, 55626 + 88030)
    december = result.rows[-1]
    assert (december.numerator, december.denominator) == (863 + 18638, 14111 + 95385)
    columns = [w.column for w in result.warnings]
    research_notes = {"JANVIER", "AVRIL", "JUN", "SEPTEMBRE", "NOVEMBRE"}
    assert research_notes <= set(columns)
    # The arithmetic also flags February (5,257 printed 5,2), March (5,8495 printed 5,9) and July (4,94 printed 5,1).
    assert columns == slips(result.rows, 1)
    assert columns == ["JANVIER", "FÉVRIER", "MARS", "AVRIL", "JUN", "JUILLET", "SEPTEMBRE", "NOVEMBRE"]
    assert str(result.warnings[0]) == (
        f"ligne 6, colonne « JANVIER » : taux publié 5,4{NNBSP}% ≠ 4,3{NNBSP}% calculé à partir de la base "
        f"(966 + 5{NNBSP}242) / (55{NNBSP}626 + 88{NNBSP}030) ; la base est conservée"
    )


SEJOUR = """\
DÉLAI DE TRAITEMENT DES 3ERE DEMANDES D'ADMISSION AU SÉJOUR;;;;;;;;;;;;
MOIS;JANVIER;FÉVRIER;MARS;AVRIL;MAI;JUN;JUILLET;AOÛT;SEPTEMBRE;OCTOBRE;NOVEMBRE;DÉCEMBRE
Délai moyen de traitement des premières demandes de titre de séjour;124;60;66;40;31;53;82;29;46;55;34;70
Nombre de décisions positives d'émission de premiers titres de séjour prises au cours du mois;\
60;191;272;338;234;386;332;511;419;755;826;394
Délai moyen de traitement des premières demandes de titre de séjour (en jours);124;60;66;40;31;53;82;29;46;55;34;70
;;;;;;;;;;;;
DÉLAI DE TRAITEMENT DES DEMANDES DE RENOUVELLEMENT DE SÉJOUR;;;;;;;;;;;;
MOIS;JANVIER;FÉVRIER;MARS;AVRIL;MAI;JUN;JUILLET;AOÛT;SEPTEMBRE;OCTOBRE;NOVEMBRE;DÉCEMBRE
Délai moyen de traitement des demandes de renouvellement de titre de séjour;29;34;31;26;18;18;44;25;23;22;32;61
NOMBRE de décisions positives de renouvellement de titres de séjour prises au cours du mois;\
82;207;183;205;126;270;210;279;299;503;270;136
Délai moyen de traitement des demandes de renouvellement de séjour (en jours);29;34;31;26;18;18;44;25;23;22;32;61
"""


def test_residence_permit_tables_give_the_sum_of_days_over_the_decisions():
    result = parse_wide(SEJOUR.encode(), "sejour.csv", year=2021, site=None)
    assert result.errors == [] and result.warnings == []
    first = [r for r in result.rows if r.indicator == "SEJOUR-1ERE-DELAI"]
    renewal = [r for r in result.rows if r.indicator == "SEJOUR-RENOUV-DELAI"]
    assert len(first) == len(renewal) == 12
    assert first[0] == ParsedRow(3, "SEJOUR-1ERE-DELAI", None, "2021-01", Decimal(124 * 60), Decimal(60), Decimal(124))
    assert (renewal[0].line, renewal[0].numerator, renewal[0].denominator) == (9, 29 * 82, 82)
    assert renewal[-1].published_value == 61
    # Weighted yearly mean of first applications: Σ(mean × decisions) / Σ decisions.
    days, decisions = sum(r.numerator for r in first), sum(r.denominator for r in first)
    assert (days, decisions, rounded(days / decisions, 1)) == (236590, 4718, Decimal("50.1"))


def test_a_repeated_mean_that_disagrees_is_a_warning_and_the_first_is_kept():
    content = SEJOUR.replace("(en jours);124;60;66", "(en jours);124;60;67")
    result = parse_wide(content.encode(), "sejour.csv", year=2021, site=None)
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "ligne 5, colonne « MARS » : délai moyen répété avec une autre valeur (67, contre 66 ligne 3) ; "
        "la valeur de la ligne 3 est retenue"
    ]
    assert result.rows[2].published_value == 66


def test_a_table_that_is_not_by_month_is_skipped_with_warnings():
    quarterly = (
        "INDICATEURS;Objectif;T1/2021;T2/2021;T3/2021;T4/2021;Annuel 2021\n"
        "Délai moyen trimestriel de délivrance des CNI et de passeports;14 j;6;8;14;26;13,5\n"
    )
    result = parse_wide((SEJOUR + quarterly).encode(), "sejour.csv", year=2021, site=None)
    assert result.errors == [] and len(result.rows) == 24
    assert [str(w) for w in result.warnings] == [
        "ligne 12 : tableau « INDICATEURS » dont l'en-tête n'est pas une ligne de mois : "
        "ignoré jusqu'au prochain en-tête de mois",
        "ligne 13 : ligne « Délai moyen trimestriel de délivrance des CNI et de passeports » du tableau de la "
        "ligne 12, ignorée",
    ]


def test_several_tables_in_one_file():
    telephony = (DATA / "charente-2021-telephonie.csv").read_text(encoding="utf-8")
    content = telephony + ";;\nUne ligne de commentaire;;12\n" + SEJOUR
    result = parse_wide(content.encode(), "clu.csv", year=2021, site="pref-16")
    assert result.errors == []
    assert [
        (i, sum(1 for r in result.rows if r.indicator == i)) for i in dict.fromkeys(r.indicator for r in result.rows)
    ] == [
        ("TEL-DECROCHE", 12),
        ("SEJOUR-1ERE-DELAI", 12),
        ("SEJOUR-RENOUV-DELAI", 12),
    ]
    assert "ligne 7 : ligne « Une ligne de commentaire » non reconnue, ignorée" in [str(w) for w in result.warnings]


def test_long_format():
    result = parse_long((DATA / "charente-2021-long.csv").read_bytes(), "charente-2021-long.csv")
    assert result.errors == [] and result.warnings == []
    assert len(result.rows) == 16
    telephony = [r for r in result.rows if r.indicator == "TEL-DECROCHE"]
    assert [r.period for r in telephony] == MONTHS_2021
    assert (telephony[0].line, telephony[0].site, telephony[0].numerator, telephony[0].denominator) == (
        2,
        "pref-16",
        7637,
        9903,
    )
    assert telephony[10].published_value == Decimal("77.8")  # the seed's slip, kept as published
    quarters = [r for r in result.rows if r.indicator == "TITRES-CNI-PASSEPORT-DELAI"]
    assert [(r.period, r.numerator, r.denominator, r.published_value) for r in quarters] == [
        ("2021-T1", None, None, 6),
        ("2021-T2", None, None, 8),
        ("2021-T3", None, None, 14),
        ("2021-T4", None, None, 26),
    ]


def test_long_format_french_headers_any_order_and_period_forms():
    content = (
        "\ufeffPériode;Valeur;Indicateur;Numérateur;Commentaire\n"
        "2021-q2;8;titres-cni-passeport-delai;;T2\n"
        ";;;;\n"
        "2021-3;;TEL-DECROCHE;1 433;\n"
        "2021;;RS-CONNEXIONS;12 000;année\n"
    ).encode()
    result = parse_long(content, "f.csv")
    assert result.errors == []
    assert [
        (r.line, r.indicator, r.site, r.period, r.numerator, r.denominator, r.published_value) for r in result.rows
    ] == [
        (2, "TITRES-CNI-PASSEPORT-DELAI", None, "2021-T2", None, None, 8),
        (4, "TEL-DECROCHE", None, "2021-03", 1433, None, None),
        (5, "RS-CONNEXIONS", None, "2021", 12000, None, None),
    ]
    assert [normalise_period(p) for p in ("2021-01", "2021-T4", "2021-Q1", "2021", "2021-13", "21-01")] == [
        "2021-01",
        "2021-T4",
        "2021-T1",
        "2021",
        None,
        None,
    ]


# ---- bad inputs ------------------------------------------------------------------------------------------------

LONG = (DATA / "charente-2021-long.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            LONG.replace("pref-16,2021-03,9315", "pref-16,2021-03,abc"),
            "ligne 4, colonne « numerator » : « abc » n'est pas un nombre",
        ),
        (
            LONG.replace("pref-16,2021-03,9315,11367", "pref-16,2021-03,9315,-11367"),
            "ligne 4, colonne « denominator » : « -11367 » est négatif : un nombre positif ou nul est attendu",
        ),
        (
            LONG.replace("pref-16,2021-03,", "pref-16,2021-13,"),
            "ligne 4, colonne « period » : « 2021-13 » n'est pas une période (2021-01, 2021-T1 ou 2021)",
        ),
        (
            LONG.replace("value,comment", "valeur,remarque"),
            "ligne 1, colonne « remarque » : colonne inconnue (colonnes possibles : indicator, site, period, "
            "numerator, denominator, value, comment, ou en français indicateur, période, numérateur, "
            "dénominateur, valeur, commentaire)",
        ),
        (
            LONG.replace("pref-16,2021-03,", "pref-16,2021-02,"),
            "ligne 4 : mesure en double (TEL-DECROCHE, site pref-16, 2021-02) : déjà donnée ligne 3",
        ),
        (
            LONG.replace("TEL-DECROCHE,pref-16,2021-03", ",pref-16,2021-03"),
            "ligne 4, colonne « indicator » : code d'indicateur vide",
        ),
        (
            LONG.replace("indicator,site,period,numerator", "indicator,site,period,numbers"),
            "ligne 1, colonne « numerator » : colonne obligatoire absente (ou « numérateur »)",
        ),
    ],
    ids=["text", "negative", "period", "unknown-column", "duplicate", "no-indicator", "missing-column"],
)
def test_long_format_errors_name_line_and_column(content, expected):
    result = parse_long(content.encode(), "charente-2021-long.csv")
    assert expected in [str(e) for e in result.errors]
    assert result.rows == [] or len(result.errors) == 1


def test_long_format_without_header_is_one_error():
    content = LONG.split("\n", 1)[1].encode()
    assert [str(e) for e in parse_long(content, "f.csv").errors] == [
        "ligne 1 : en-tête introuvable : la ligne 1 doit nommer les colonnes (indicator, site, period, numerator, "
        "denominator, value, comment, ou en français indicateur, site, période, numérateur, dénominateur, valeur, "
        "commentaire)"
    ]


def test_long_format_error_uses_the_column_name_of_the_file():
    content = "indicateur;période;numérateur\nTEL-DECROCHE;2021-01;n.c.\n".encode()
    assert [str(e) for e in parse_long(content, "f.csv").errors] == [
        "ligne 2, colonne « numérateur » : « n.c. » n'est pas un nombre"
    ]


TELEPHONY = (DATA / "charente-2021-telephonie.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            TELEPHONY.replace(";2266;", ";deux mille;"),
            "ligne 3, colonne « JANVIER » : « deux mille » n'est pas un nombre",
        ),
        (
            TELEPHONY.replace(";9740;", ";-9740;"),
            "ligne 4, colonne « FÉVRIER » : « -9740 » est négatif : un nombre positif ou nul est attendu",
        ),
        (
            TELEPHONY.replace(";1309;", ";9000;"),
            f"ligne 3, colonne « NOVEMBRE » : appels perdus (9{NNBSP}000) plus nombreux que les appels reçus "
            f"(8{NNBSP}599)",
        ),
        (
            TELEPHONY.replace(";9903;", ";;"),
            "ligne 4, colonne « JANVIER » : case vide alors que d'autres cases de ce mois sont remplies",
        ),
        (
            TELEPHONY.replace("MOIS;JANVIER;FÉVRIER;MARS", "MOIS;JANVIER;FÉVRIER;JANVIER"),
            "ligne 2, colonne « JANVIER » : mois en double (déjà colonne « JANVIER »)",
        ),
        (
            "\n".join(line for line in TELEPHONY.splitlines() if not line.startswith("MOIS")),
            "ligne 2 : en-tête des mois introuvable au-dessus de cette ligne "
            "(une ligne « MOIS ; JANVIER ; FÉVRIER ; … ; DÉCEMBRE » est attendue)",
        ),
        (
            "\n".join(line for line in TELEPHONY.splitlines() if "reçus" not in line),
            "ligne 2 : tableau TEL-DECROCHE : ligne « appels reçus » introuvable",
        ),
        (
            "MOIS;JANVIER;FÉVRIER\nNombre de courriers;1;2\n",
            "aucune ligne reconnue ; lignes attendues : appels perdus et appels reçus ; visites et habitants ; "
            "engagements et impressions ; délai moyen et nombre de décisions (premières demandes ou renouvellements "
            "de titres de séjour) ; taux",
        ),
        (
            "Nombre total de visites;32403;30146\n",
            "ligne 1 : en-tête des mois introuvable au-dessus de cette ligne "
            "(une ligne « MOIS ; JANVIER ; FÉVRIER ; … ; DÉCEMBRE » est attendue)",
        ),
        (
            TELEPHONY + TELEPHONY,
            "ligne 8 : deuxième tableau pour TEL-DECROCHE (le premier commence ligne 2) : "
            "un seul tableau par indicateur",
        ),
        (
            TELEPHONY.replace("MOIS;JANVIER;", "MOIS;JANVIER 2020;"),
            "ligne 2, colonne « JANVIER 2020 » : l'en-tête est de 2020 alors que l'import porte sur 2021",
        ),
    ],
    ids=[
        "text",
        "negative",
        "lost-over-received",
        "empty-cell",
        "month-twice",
        "no-header",
        "missing-row",
        "nothing-recognised",
        "header-absent",
        "same-table-twice",
        "wrong-year",
    ],
)
def test_wide_layout_errors_name_line_and_column(content, expected):
    result = parse_wide(content.encode(), "t.csv", year=2021, site=None)
    assert expected in [str(e) for e in result.errors], [str(e) for e in result.errors]


def test_wide_layout_unknown_rows_and_columns_are_warnings():
    content = TELEPHONY.replace("DÉCEMBRE\n", "DÉCEMBRE;TOTAL\n") + "Appels transférés;1;2;3;4;5;6;7;8;9;10;11;12\n"
    result = parse_wide(content.encode(), "t.csv", year=2021, site=None)
    assert result.errors == [] and len(result.rows) == 12
    messages = [str(w) for w in result.warnings]
    assert "ligne 2, colonne « TOTAL » : colonne qui n'est pas un mois, ignorée" in messages
    assert "ligne 6 : ligne « Appels transférés » non reconnue, ignorée" in messages


def test_rows_that_do_not_belong_to_the_table_are_ignored_with_a_warning():
    content = (
        "MOIS;JANVIER;FÉVRIER\n"
        "Nombre total de visites au site internet;32403;30146\n"
        "Nombre de visiteurs au point numérique;120;98\n"
        "Nombre de décisions;5;6\n"
    )
    result = parse_wide(content.encode(), "t.csv", year=2021, site=None)
    assert result.errors == []
    assert [(r.indicator, r.numerator, r.denominator) for r in result.rows] == [
        ("WEB-CONNEXION", 32403, None),  # no population row: Vigie takes the department's reference population
        ("WEB-CONNEXION", 30146, None),
    ]
    assert [str(w) for w in result.warnings] == [
        "ligne 3 : ligne « Nombre de visiteurs au point numérique » non reconnue, ignorée",
        "ligne 4 : ligne « Nombre de décisions » : tableau non identifié, ligne ignorée",
    ]


def test_a_table_of_published_rates_only_keeps_the_values():
    content = "MOIS;JANVIER;FÉVRIER\nTaux d'appels décrochés;77,1 %;\n"
    result = parse_wide(content.encode(), "t.csv", year=2021, site=None)
    assert result.errors == []
    assert result.rows == [ParsedRow(2, "TEL-DECROCHE", None, "2021-01", None, None, Decimal("77.1"))]


# ---- read_table ------------------------------------------------------------------------------------------------


def test_read_table_sniffs_the_separator():
    assert read_table(b'a,b\n1,"2,5"\n', "x.csv") == [["a", "b"], ["1", "2,5"]]
    assert read_table(b"a;b\n1;2,5\n\n3;4\n", "x.csv") == [["a", "b"], ["1", "2,5"], [], ["3", "4"]]
    assert read_table(b"titre\na;b\n", "x.csv") == [["titre"], ["a", "b"]]
    # a quoted cell over two lines: the next record is still found at its own line number
    assert read_table(b'a;"deux\nlignes"\nb;c\n', "x.csv") == [["a", "deux\nlignes"], [], ["b", "c"]]


def test_read_table_reads_utf8_with_or_without_bom_and_windows_1252():
    assert read_table("\ufeffMOIS;FÉVRIER\n".encode(), "x.csv") == [["MOIS", "FÉVRIER"]]
    assert read_table("MOIS;FÉVRIER\n".encode(), "x.csv") == [["MOIS", "FÉVRIER"]]
    assert read_table("MOIS;FÉVRIER;AOÛT\n".encode("cp1252"), "x.csv") == [["MOIS", "FÉVRIER", "AOÛT"]]
    assert read_table("MOIS;FÉVRIER\n".encode("utf-16"), "x.csv") == [["MOIS", "FÉVRIER"]]


def test_read_table_reads_the_first_sheet_of_a_workbook_as_displayed():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["MOIS", "JANVIER", "FÉVRIER", "MARS", "AVRIL"])
    sheet.append(["Nombre d'appels reçus", 9903.0, 9740, 0.1 + 0.2, None])
    sheet.append(["Taux", 0.771, 0.8124, "81,8%", datetime(2021, 1, 1)])
    sheet["B3"].number_format = "0.0%"
    sheet["C3"].number_format = "0.0%"
    workbook.create_sheet("Autre").append(["ignorée"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    expected = [
        ["MOIS", "JANVIER", "FÉVRIER", "MARS", "AVRIL"],
        ["Nombre d'appels reçus", "9903", "9740", "0.3"],
        ["Taux", "77.1%", "81.2%", "81,8%", "2021-01-01"],
    ]
    assert read_table(buffer.getvalue(), "t.xlsx") == expected
    assert read_table(buffer.getvalue(), "sans-extension") == expected  # recognised by the zip magic


UNREADABLE = "fichier illisible : un fichier CSV (texte UTF-8 ou Windows-1252) ou un classeur XLSX est attendu"
# bytes 0x01-0xff except NUL and the five Windows-1252 leaves undefined: they decode, as control characters
BINARY_WITHOUT_NUL = bytes(b for b in range(1, 256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)) * 4


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "x.csv", "le fichier est vide"),
        (b"PK\x03\x04 broken", "x.xlsx", "fichier illisible : ce n'est pas un classeur XLSX"),
        (b"PK\x03\x04 broken", "x.ods", "fichier illisible : ce n'est pas un classeur XLSX (tableur OpenDocument"),
        (
            b"MOIS;JANVIER",
            "x.xlsx",
            "fichier illisible : le fichier porte l'extension .xlsx mais n'est pas un classeur",
        ),
        (b"\xd0\xcf\x11\xe0 old excel", "x.xls", "fichier illisible : format Excel 97-2003 (.xls) non pris en charge"),
        (b"a;b\x00c", "x.csv", UNREADABLE),
        (BINARY_WITHOUT_NUL, "x.csv", UNREADABLE),
        (b"%PDF-1.4\n\x81\x8d\x8f binary stream", "x.csv", UNREADABLE),  # neither UTF-8 nor Windows-1252
        ("MOIS;JANVIER\n".encode("utf-16-le"), "x.csv", UNREADABLE),  # UTF-16 without its BOM: NUL bytes
        (
            b'a;"b\n' + b"x" * 200_000,
            "x.csv",
            "fichier illisible : CSV mal formé à la ligne 2 (un guillemet non fermé ?)",
        ),
    ],
)
def test_unreadable_files_raise_a_french_table_error(content, filename, message):
    with pytest.raises(TableError, match=re.escape(message)):
        read_table(content, filename)
    assert message in str(parse_long(content, filename).errors[0])


def test_a_stray_control_character_in_a_text_file_is_kept():
    text = "MOIS;JANVIER\nAppels reçus;100\x0b\n" + "Appels perdus;10\n" * 20
    assert read_table(text.encode(), "x.csv")[1] == ["Appels reçus", "100"]  # stripped like spaces


# ---- parse_number ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 433 825", Decimal(1433825)),
        ("1\u202f433\u202f825", Decimal(1433825)),
        ("1\u00a0433", Decimal(1433)),
        ("77,1", Decimal("77.1")),
        ("77,1 %", Decimal("77.1")),
        ("77.1%", Decimal("77.1")),
        ("8,98 %", Decimal("8.98")),
        (" 9903 ", Decimal(9903)),
        ("-3", Decimal(-3)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_number_reads_french_formats(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "12 34", "1.433.825", "1,5e3", "NaN", "77,", "5 %%", "--1"])
def test_parse_number_refuses_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def french(value: Decimal, decimals: int, separator: str) -> str:
    text = f"{value:.{decimals}f}"
    integer, _, fraction = text.partition(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    return separator.join(groups) + ("," + fraction if fraction else "")


@given(
    st.integers(0, 10**12),
    st.sampled_from([0, 1]),
    st.sampled_from([" ", "\u00a0", "\u202f", ""]),
    st.sampled_from(["", "%", " %", "\u202f%"]),
)
def test_parse_number_round_trips_french_formatted_numbers(tenths, decimals, separator, suffix):
    value = Decimal(tenths).scaleb(-decimals)
    assert parse_number(french(value, decimals, separator) + suffix) == value


def test_a_file_period_is_written_as_the_core_period_prints_it():
    assert [normalise_period(p) for p in ("2021-1", "2021-01-01", "2021-q2", "0000")] == [
        "2021-01",
        "2021-01",
        "2021-T2",
        None,  # no year 0 in the calendar
    ]
