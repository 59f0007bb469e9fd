from decimal import Decimal

import pytest

from vigie.core.formatting import NBSP, format_number, format_percent


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1433825, 0, f"1{NBSP}433{NBSP}825"),
        (855288, 0, f"855{NBSP}288"),
        (0, 0, "0"),
        (13.5, 1, "13,5"),
        (Decimal("0.05"), 1, "0,1"),  # half up, not banker's rounding
        (-6.7, 1, "-6,7"),
        (999.96, 1, f"1{NBSP}000,0"),
    ],
)
def test_numbers_are_written_the_french_way(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_percentages_keep_one_decimal_and_a_narrow_space():
    assert format_percent(81.4963) == f"81,5{NBSP}%"
    assert format_percent(None) == "—"
