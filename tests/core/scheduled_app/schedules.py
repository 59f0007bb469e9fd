"""The periodic job of an app installed only by tests/core/test_scheduler.py."""

from vigie.core.scheduler import Job

JOBS = [Job("tick_for_tests", "tests.core.tasks_for_tests.tick", every_minutes=30)]
