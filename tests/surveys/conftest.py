import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.surveys.factories import make_campaign

NOW = dt.datetime(2024, 5, 6, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def campaign(world, frozen):
    """Open from 26 April to 16 May 2024 on pref-51 and sp-reims, every channel."""
    return make_campaign(world)
