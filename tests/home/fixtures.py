"""A department at 15 May 2024 with work to do: the agent of « etrangers » (pref-51) has two late requests, one due
today and one due soon; telephony is under its target; an action is overdue."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from tests.register.factories import make_request
from vigie.indicators.imports import ParsedRow
from vigie.indicators.services import save_measurements

NOW = dt.datetime(2024, 5, 15, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def seed_work(world) -> dict:
    late = [
        make_request(world, received=dt.datetime(2024, 4, 29, 9, 0), subject="Titre de séjour bloqué"),
        make_request(world, received=dt.datetime(2024, 4, 30, 9, 0), subject="Rendez-vous introuvable"),
    ]
    today = make_request(world, received=dt.datetime(2024, 5, 6, 10, 0), subject="Récépissé")
    soon = make_request(world, received=dt.datetime(2024, 5, 10, 10, 0), subject="Changement d'adresse")
    other_service = make_request(
        world, service=world.service_a2, received=dt.datetime(2024, 4, 29, 9, 0), subject="Accueil fermé"
    )
    rows = [
        ParsedRow(index + 1, "TEL-DECROCHE", "pref-51", f"2024-{month:02d}", Decimal(80), Decimal(100))
        for index, month in enumerate(range(1, 5))
    ]
    save_measurements(actor=None, department=world.dept_a, rows=rows, source="imported")
    return {"late": late, "today": today, "soon": soon, "other_service": other_service}
