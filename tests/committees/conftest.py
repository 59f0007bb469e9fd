import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2024, 11, 4, 10, 0, tzinfo=PARIS)


@pytest.fixture
def frozen():
    """Monday 4 November 2024, 10:00 Paris (the tests that use it move the clock as they need)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
