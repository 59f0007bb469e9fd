"""Wide layout of the CLU tables: one row per quantity, one column per month (JANVIER … DÉCEMBRE)."""

from .parser import MONTHS, parse_wide

__all__ = ["MONTHS", "parse_wide"]
