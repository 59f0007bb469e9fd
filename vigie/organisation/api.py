"""Organisation API. Access: a department is returned to users whose scope reaches it (404 otherwise);
its sites and services are limited to those in the user's scope."""

from ninja import Router, Schema

from vigie.core.apischema import error_responses

from .queries import department_sites_for_user, get_department_for_user

router = Router(tags=["organisation"])


class ServiceOut(Schema):
    code: str
    name: str


class SiteOut(Schema):
    code: str
    name: str
    kind: str
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
    summary="Un département, ses sites et services",
)
def get_department(request, code: str):
    department = get_department_for_user(request.user, code)
    sites = department_sites_for_user(request.user, department)
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
                "services": [{"code": v.code, "name": v.name} for v in s.visible_services],
            }
            for s in sites
        ],
    }
