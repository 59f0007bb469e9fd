import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = dt.datetime(2024, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def frozen_clock():
    """Every audits test runs on Monday 2 December 2024, 10:00 Paris."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
