"""Long format: one measurement per line (indicator, site, period, numerator, denominator, value, comment)."""

from .parser import COLUMNS, normalise_period, parse_long

__all__ = ["COLUMNS", "normalise_period", "parse_long"]
