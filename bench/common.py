"""What the benchmarks share: a dedicated database (SQLite file or PostgreSQL, recreated unless reused), the list
of départements, and a timer that gives the median duration and the number of queries."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
CODES = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]


def setup(name: str, *, postgres: bool, reuse: bool) -> None:
    """Point Django at the benchmark's own database `name` (bench/out/NAME.sqlite3 or PostgreSQL NAME) and migrate."""
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["VIGIE_DATA_DIR"] = str(OUT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "vigie.settings"
    if postgres:
        import psycopg

        if not reuse:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
                conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{name}"
    else:
        if not reuse:
            (OUT / f"{name}.sqlite3").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{OUT / f'{name}.sqlite3'}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn: Callable[[], object], runs: int = 5, reset: Callable[[], object] | None = None) -> tuple[float, int]:
    """Median duration in seconds of `runs` calls after a warm-up, and the queries of one call (counted by an
    execute wrapper: Django's query log keeps only the last 9 000). `reset` runs before each call, untimed (to
    undo what the call wrote)."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    if reset:
        reset()
    fn()  # warm-up
    durations, queries = [], 0
    for _ in range(runs):
        if reset:
            reset()
        count = 0
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            fn()
            durations.append(time.perf_counter() - started)
        queries = count
    return statistics.median(durations), queries
