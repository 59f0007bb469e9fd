"""Schemathesis fuzzes every operation of the API, as read from /api/v1/openapi.json (served by the application
itself, in-process), with the token of a national administrator and with the token of a service agent: no server
error, every status code documented, JSON, and every body as its schema says. A new endpoint is fuzzed too.

The requests reach the real code: the database holds the world of tests/conftest.py (two departments, their sites
and services), a theme and a request; half of the valid inputs have their codes (department, site, service,
reference, indicator, framework) replaced by ones that exist. The test database is transactional, so what runs
after a commit (the indicators' republication, the acknowledgement's dispatch) runs as in production."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.conftest import World
from tests.register.factories import make_request
from vigie.core.apischema import SCHEMA_REFUSAL
from vigie.organisation.models import ApiToken
from vigie.register.models import Theme

# The boundary values of every parameter (the coverage phase: ~600 requests) are the same for any user: they run
# with the administrator's token; the agent's run is random inputs only (its difference is its scope).
APP = get_wsgi_application()
FULL = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
FUZZING_ONLY = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", APP, config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
)

THEME = "Délai d'obtention d'un rendez-vous"
# Codes that exist in the fuzzed database, by the name of the parameter or body field that takes them.
REAL = {
    "department": ["51", "16"],
    "site": ["pref-51", "sp-reims", "pref-16"],
    "service": ["etrangers", "accueil"],
    "reference": ["51-2024-000001"],
    "indicator": ["TEL-DECROCHE"],
    "themes": [[THEME], []],
}
REAL_CODES = {  # the `code` path parameter, by operation
    "/api/v1/frameworks/{code}": ["qual-e-pref-2019"],
    "/api/v1/departments/{code}": ["51", "16"],
    "/api/v1/indicators/{code}/results": ["TEL-DECROCHE"],
}


def _steered(values: dict | None, choices: dict) -> st.SearchStrategy:
    """Each known key keeps its generated value or takes an existing one (Hypothesis chooses)."""
    if not isinstance(values, dict):
        return st.just(values)
    keys = [key for key in values if key in choices]
    draws = [st.sampled_from([values[key], *choices[key]]) for key in keys]
    return st.tuples(*draws).map(lambda drawn: {**values, **dict(zip(keys, drawn, strict=True))})


def flatmap_case(context, case):
    """Only the valid inputs are steered (an invalid one must stay invalid)."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return st.just(case)
    body = case.body
    if isinstance(body, dict):
        bodies = _steered(body, REAL)
    elif isinstance(body, list):  # the measurements: about an existing indicator and site, for a month
        real = {"indicator": "TEL-DECROCHE", "site": "pref-51", "period": "2024-05"}
        bodies = st.sampled_from([body, [{**item, **real} if isinstance(item, dict) else item for item in body]])
    else:
        bodies = st.just(body)

    def build(parts):
        case.path_parameters, case.query, case.body = parts
        return case

    path_choices = {**REAL, "code": REAL_CODES.get(case.operation.path, [])}
    return st.tuples(_steered(case.path_parameters, path_choices), _steered(case.query, REAL), bodies).map(build)


FULL.hook(flatmap_case)
FUZZING_ONLY.hook(flatmap_case)


def refused_by_the_schema_although_valid(ctx, response, case):
    """What the schema accepts, the API's schema layer must accept: a 400 may only come from a rule of Vigie
    (an unknown site, a date in the future), which says so in its detail."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 400:
        return None
    detail = response.json().get("detail", "")
    assert not detail.startswith(SCHEMA_REFUSAL), f"valide selon le schéma, refusé par le schéma : {detail}"
    return None


@pytest.fixture(params=["national", "agent"])
def token(request, transactional_db):
    world = World()
    Theme.objects.create(department=world.dept_a, name=THEME)
    make_request(world)  # 51-2024-000001
    return ApiToken.issue(getattr(world, request.param))[1]


@pytest.fixture
def tokens(transactional_db) -> dict[str, str]:
    world = World()
    Theme.objects.create(department=world.dept_a, name=THEME)
    make_request(world)  # 51-2024-000001
    return {persona: ApiToken.issue(getattr(world, persona))[1] for persona in ("national", "agent")}


def _call_and_validate(case, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[positive_data_acceptance],
        additional_checks=[refused_by_the_schema_although_valid],
    )


@FULL.parametrize()
@settings(max_examples=15, suppress_health_check=list(HealthCheck), deadline=None)
def test_the_api_keeps_its_schema_for_a_national_administrator(case, tokens):
    _call_and_validate(case, tokens["national"])


@FUZZING_ONLY.parametrize()
@settings(max_examples=15, suppress_health_check=list(HealthCheck), deadline=None)
def test_the_api_keeps_its_schema_for_a_service_agent(case, tokens):
    _call_and_validate(case, tokens["agent"])
