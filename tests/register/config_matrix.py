"""Rows of the roles × scope matrix (tests/test_access_matrix.py) for the register's configuration screens,
and their pages for the axe-core test (tests/browser/test_accessibility.py)."""

CONFIG_MATRIX: dict = {}
CONFIG_PAGES: list[tuple[str | None, str]] = []
