"""School-holiday zones of the metropolitan départements (A, B, C, by académie) and their holidays, from the
`vacances-scolaires-france` data (the national education calendar). Corsica and the overseas départements have
calendars of their own: the planner asks for their dates."""

from __future__ import annotations

import datetime as dt
from functools import cache

from vacances_scolaires_france import SchoolHolidayDates, UnsupportedYearException

_ZONES = {
    # zone A: Besançon, Bordeaux, Clermont-Ferrand, Dijon, Grenoble, Limoges, Lyon, Poitiers
    "A": "25 39 70 90 24 33 40 47 64 03 15 43 63 21 58 71 89 07 26 38 73 74 19 23 87 01 42 69 16 17 79 86",
    # zone B: Aix-Marseille, Amiens, Lille, Nancy-Metz, Nantes, Nice, Normandie, Orléans-Tours, Reims, Rennes,
    # Strasbourg
    "B": "04 05 13 84 02 60 80 59 62 54 55 57 88 44 49 53 72 85 06 83 14 27 50 61 76 18 28 36 37 41 45 08 10 51 52 "
    "22 29 35 56 67 68",
    # zone C: Créteil, Montpellier, Paris, Toulouse, Versailles
    "C": "77 93 94 11 30 34 48 66 75 09 12 31 32 46 65 81 82 78 91 92 95",
}
DEPARTMENT_ZONES = {code: zone for zone, codes in _ZONES.items() for code in codes.split()}


class NoSchoolCalendar(ValueError):
    """No school-holiday data for this département or year: the message says what to enter."""


def zone_of(department_code: str) -> str:
    zone = DEPARTMENT_ZONES.get(department_code)
    if zone is None:
        raise NoSchoolCalendar(
            f"le département {department_code} n'est dans aucune zone A, B ou C (Corse, outre-mer) : "
            "indiquez les dates de ses vacances scolaires"
        )
    return zone


@cache
def _dates() -> SchoolHolidayDates:
    return SchoolHolidayDates()


def is_school_holiday(zone: str, day: dt.date) -> bool:
    try:
        return _dates().is_holiday_for_zone(day, zone)
    except UnsupportedYearException as exc:
        raise NoSchoolCalendar(f"vacances scolaires de {day.year} inconnues des données livrées") from exc
