"""The seeds' survey figures checked for arithmetic slips before the demo reproduces them (no database)."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from vigie.demo.surveys import LOIR_ET_CHER_2021, LOIR_ET_CHER_2021_RESPONDENTS, MARNE_COUNTS, MARNE_TABLE


def _rounded(value: Fraction, decimals: int) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def test_the_marne_changes_are_the_differences_of_its_printed_rates():
    # +1, −0,4, +15, −6,7, +4, +11,8: each printed change is 2023 − 2022 as printed — no slip in this table
    for code, (rate_2022, rate_2023, change) in MARNE_TABLE.items():
        assert Decimal(rate_2023) - Decimal(rate_2022) == Decimal(change), code


def test_the_demo_counts_give_the_printed_rates():
    for year, column in ((2022, 0), (2023, 1)):
        respondents, counts = MARNE_COUNTS[year]
        for code, (answered, satisfied) in counts.items():
            printed = Decimal(MARNE_TABLE[code][column])
            assert answered <= respondents
            assert _rounded(Fraction(satisfied * 100, answered), 1) == printed, (year, code)
    for code, (printed, answered, satisfied) in LOIR_ET_CHER_2021.items():
        assert answered <= LOIR_ET_CHER_2021_RESPONDENTS
        assert _rounded(Fraction(satisfied * 100, answered), 0) == printed, code


def test_every_loir_et_cher_rate_is_possible_with_152_answers():
    # with everyone answering every criterion, each printed rate is still k / 152 rounded: no impossible figure
    for code, (printed, _, _) in LOIR_ET_CHER_2021.items():
        assert any(_rounded(Fraction(k * 100, 152), 0) == printed for k in range(153)), code
