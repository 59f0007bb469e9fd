"""Organisation API. Access: a department is returned to users whose scope reaches it (404 otherwise);
its sites and services are limited to those in the user's scope.

The labelling scopes belong to `frameworks`, above this app: it registers its reader with `add_labelling_reader` (in
its AppConfig.ready), as it registers its section on the pages (sections.py)."""

import datetime as dt
from collections.abc import Callable, Sequence

from ninja import Router, Schema

from vigie.core.apischema import error_responses

from .queries import department_sites_for_user, get_department_for_user

router = Router(tags=["organisation"])

# (site id, service id or None) → the current labelling scopes there, as {"framework", "modules", "since"}
LabellingReader = Callable[[Sequence], dict[tuple[int, int | None], list[dict]]]
LABELLING_READERS: list[LabellingReader] = []


def add_labelling_reader(reader: LabellingReader) -> None:
    if reader not in LABELLING_READERS:
        LABELLING_READERS.append(reader)


class LabellingOut(Schema):
    framework: str
    modules: list[int]
    since: dt.date


class ServiceOut(Schema):
    code: str
    name: str
    labelling: list[LabellingOut]


class SiteOut(Schema):
    code: str
    name: str
    kind: str
    labelling: list[LabellingOut]
    services: list[ServiceOut]


class DepartmentOut(Schema):
    code: str
    name: str
    population: int
    calendar: str
    time_zone: str
    sites: list[SiteOut]


@router.get(
    "/departments/{code}",
    response={200: DepartmentOut, **error_responses(401, 404)},
    summary="Un département, ses sites et services, et leurs périmètres de labellisation en cours",
)
def get_department(request, code: str):
    department = get_department_for_user(request.user, code)
    sites = department_sites_for_user(request.user, department)
    labelling: dict[tuple[int, int | None], list[dict]] = {}
    for reader in LABELLING_READERS:
        for key, items in reader(sites).items():
            labelling.setdefault(key, []).extend(items)
    return {
        "code": department.code,
        "name": department.name,
        "population": department.population,
        "calendar": department.territory.calendar_name,
        "time_zone": department.territory.time_zone,
        "sites": [
            {
                "code": s.code,
                "name": s.name,
                "kind": s.kind,
                "labelling": labelling.get((s.pk, None), []),
                "services": [
                    {"code": v.code, "name": v.name, "labelling": labelling.get((s.pk, v.pk), [])}
                    for v in s.visible_services
                ],
            }
            for s in sites
        ],
    }
