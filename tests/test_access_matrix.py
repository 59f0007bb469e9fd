"""Roles × scope over every view: a view without an access rule, or missing from this table, fails."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.audits.matrix import AUDITS_API_MATRIX, AUDITS_MATRIX, audit_objects, with_audit_objects
from tests.committees.matrix import (
    COMMITTEES_API_MATRIX,
    COMMITTEES_MATRIX,
    committee_api_path,
    with_committee_objects,
)
from tests.documents.matrix import (
    DOCUMENTS_API_MATRIX,
    DOCUMENTS_MATRIX,
    publication_for,
    with_document_objects,
)
from tests.improvement.matrix import (
    IMPROVEMENT_API_MATRIX,
    IMPROVEMENT_API_POST_MATRIX,
    IMPROVEMENT_MATRIX,
    with_improvement_objects,
    with_improvement_path,
)
from tests.people.matrix import PEOPLE_MATRIX, with_people_objects
from tests.register.config_matrix import CONFIG_MATRIX
from tests.surveys.matrix import (
    SURVEYS_API_MATRIX,
    SURVEYS_API_POST_MATRIX,
    SURVEYS_MATRIX,
    campaign_path,
    with_campaign,
)
from vigie.organisation.models import ClosureDay

PERSONAS = ["anonymous", "national", "officer", "officer_b", "correspondent", "agent", "reader", "auditor", "no_role"]
LOGIN = "login"  # anonymous users are sent to the login page
OK, REDIRECT, BAD_REQUEST, FORBIDDEN, NOT_FOUND = 200, 302, 400, 403, 404


def _row(default, **overrides):
    return {p: overrides.get(p, default) for p in PERSONAS}


# url name → (method, kwargs, expected status per persona). 302 for anonymous on protected views = to login.
MATRIX = {
    "home": ("get", {}, _row(OK)),
    "login": ("get", {}, _row(REDIRECT, anonymous=OK)),
    "logout": ("post", {}, _row(REDIRECT)),
    "accessibility": ("get", {}, _row(OK)),
    "framework_list": ("get", {}, _row(OK, anonymous=REDIRECT)),
    "framework_detail": ("get", {"code": "qual-e-pref-2019"}, _row(OK, anonymous=REDIRECT)),
    "framework_upload": ("get", {}, _row(FORBIDDEN, anonymous=REDIRECT, national=OK, officer=OK, officer_b=OK)),
    # completing the official wording of a framework: national administrators (the editors) only
    "framework_wording": ("get", {"code": "qual-e-pref-2019"}, _row(FORBIDDEN, anonymous=REDIRECT, national=OK)),
    "indicator_list": ("get", {}, _row(OK, anonymous=REDIRECT)),
    "indicator_detail": ("get", {"code": "TEL-DECROCHE"}, _row(OK, anonymous=REDIRECT)),
    "department_detail": ("get", {"code": "51"}, _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND)),
    "local_indicator_create": (
        "get",
        {"code": "51"},
        _row(FORBIDDEN, anonymous=REDIRECT, national=OK, officer=OK, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    ),
    "site_detail": (
        "get",
        {"code": "51", "site_code": "pref-51"},
        _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=NOT_FOUND),
    ),
    "closure_add": (
        "post",
        {"code": "51", "site_code": "sp-reims"},
        _row(
            FORBIDDEN,
            anonymous=REDIRECT,
            national=REDIRECT,
            officer=REDIRECT,
            correspondent=REDIRECT,
            officer_b=NOT_FOUND,
            no_role=NOT_FOUND,
            agent=NOT_FOUND,
        ),
    ),
    "closure_delete": (
        "post",
        {"code": "51", "site_code": "sp-reims", "closure_id": "CLOSURE"},
        _row(
            FORBIDDEN,
            anonymous=REDIRECT,
            national=REDIRECT,
            officer=REDIRECT,
            correspondent=REDIRECT,
            officer_b=NOT_FOUND,
            no_role=NOT_FOUND,
            agent=NOT_FOUND,
        ),
    ),
    "request_list": ("get", {}, _row(OK, anonymous=REDIRECT)),
    "request_analysis": ("get", {}, _row(OK, anonymous=REDIRECT)),
    "request_analysis_xlsx": ("get", {}, _row(OK, anonymous=REDIRECT)),
    "request_export": ("get", {}, _row(OK, anonymous=REDIRECT)),
    # a background export: anyone signed in may start one (of their own scope) and is sent to its page
    "request_export_start": ("post", {}, _row(REDIRECT)),
    # an export (ready) asked for by the quality officer of 51: seen by them only, even a national admin gets 404
    "request_export_detail": ("get", {"export_id": "EXPORT"}, _row(NOT_FOUND, anonymous=REDIRECT, officer=OK)),
    "request_export_file": ("get", {"export_id": "EXPORT"}, _row(NOT_FOUND, anonymous=REDIRECT, officer=OK)),
    "results": ("get", {"code": "51"}, _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND)),
    "results_xlsx": (
        "get",
        {"code": "51", "year": 2021},
        _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    ),
    "indicator_results": (
        "get",
        {"code": "51", "indicator_code": "TEL-DECROCHE"},
        _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    ),
    # the projection reads like the results (no measurement here: it answers why there is none)
    "indicator_projection": (
        "get",
        {"code": "51", "indicator_code": "TEL-DECROCHE"},
        _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    ),
    # renewals by cohort read like the results (department data, within the scope); importing needs manage rights
    # (tests/indicators/test_renewals.py::test_scope)
    "renewals": ("get", {"code": "51"}, _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND)),
    # national comparison: national administrators only; the open-data schema describes columns, no figure
    "national_overview": ("get", {}, _row(FORBIDDEN, anonymous=REDIRECT, national=OK)),
    "national_table_schema": ("get", {}, _row(OK)),
    "national_indicator": ("get", {"indicator_code": "TEL-DECROCHE"}, _row(FORBIDDEN, anonymous=REDIRECT, national=OK)),
    "national_xlsx": (
        "get",
        {"indicator_code": "TEL-DECROCHE", "year": 2021},
        _row(FORBIDDEN, anonymous=REDIRECT, national=OK),
    ),
    "national_csv": (
        "get",
        {"indicator_code": "TEL-DECROCHE", "year": 2021},
        _row(FORBIDDEN, anonymous=REDIRECT, national=OK),
    ),
    "national_json": (
        "get",
        {"indicator_code": "TEL-DECROCHE", "year": 2021},
        _row(FORBIDDEN, anonymous=REDIRECT, national=OK),
    ),
    # a department against the country: whoever reads the whole department (not a site or a service)
    "department_comparisons": (
        "get",
        {"code": "51"},
        _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=FORBIDDEN, agent=FORBIDDEN),
    ),
    "department_comparison": (
        "get",
        {"code": "51", "indicator_code": "TEL-DECROCHE"},
        _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=FORBIDDEN, agent=FORBIDDEN),
    ),
    "measurement_import": (
        "get",
        {"code": "51"},
        _row(
            FORBIDDEN,
            anonymous=REDIRECT,
            national=OK,
            officer=OK,
            correspondent=OK,
            officer_b=NOT_FOUND,
            no_role=NOT_FOUND,
        ),
    ),
    "department_dashboard": (
        "get",
        {"code": "51"},
        _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    ),
    "site_dashboard": (
        "get",
        {"code": "51", "site_code": "pref-51"},
        _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=NOT_FOUND),
    ),
    "public_request_form": ("get", {"code": "51"}, _row(OK)),
    "public_request_tracking": ("get", {"token": "TOKEN"}, _row(OK)),
    "request_create": (
        "get",
        {},
        _row(FORBIDDEN, anonymous=REDIRECT, national=OK, officer=OK, officer_b=OK, correspondent=OK, agent=OK),
    ),
    "request_detail": (
        "get",
        {"reference": "51-2024-000001"},
        _row(NOT_FOUND, anonymous=REDIRECT, national=OK, officer=OK, reader=OK, auditor=OK, agent=OK),
    ),
    **{
        name: (
            "post",
            {"reference": "51-2024-000001"},
            # answerers get their form back with its errors (400), or the page (the close refused: 302, the template
            # notice: 200); the read-only roles see the request but may not act (403); outside the scope: 404
            _row(
                NOT_FOUND,
                anonymous=REDIRECT,
                national=status,
                officer=status,
                agent=status,
                reader=FORBIDDEN,
                auditor=FORBIDDEN,
            ),
        )
        for name, status in (
            ("request_reply", BAD_REQUEST),
            ("request_reply_template", OK),
            ("request_holding_reply", BAD_REQUEST),
            ("request_assign", BAD_REQUEST),
            ("request_close", REDIRECT),
            ("request_reopen", BAD_REQUEST),
            ("request_attach", BAD_REQUEST),
        )
    },
    "request_attachment": (
        "get",
        {"reference": "51-2024-000001", "attachment_id": "ATTACHMENT"},
        _row(NOT_FOUND, anonymous=REDIRECT, national=OK, officer=OK, reader=OK, auditor=OK, agent=OK),
    ),
    "labelling_scope_create": (
        "get",
        {"code": "51", "site_code": "pref-51"},
        _row(
            FORBIDDEN,
            anonymous=REDIRECT,
            national=OK,
            officer=OK,
            officer_b=NOT_FOUND,
            no_role=NOT_FOUND,
            correspondent=NOT_FOUND,
        ),
    ),
}

MATRIX.update(CONFIG_MATRIX)
MATRIX.update(IMPROVEMENT_MATRIX)
MATRIX.update(AUDITS_MATRIX)
MATRIX.update(COMMITTEES_MATRIX)
MATRIX.update(SURVEYS_MATRIX)
MATRIX.update(DOCUMENTS_MATRIX)
MATRIX.update(PEOPLE_MATRIX)


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) in ("admin/", "api/v1/"):
                continue  # the admin and the API have their own matrices below
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_every_view_states_its_access_rule_and_is_in_the_matrix():
    names = set()
    for pattern in _walk(get_resolver().url_patterns):
        assert getattr(pattern.callback, "access_rule", None), f"{pattern.name}: pas de règle d'accès"
        names.add(pattern.name)
    assert names == set(MATRIX), f"vues absentes de la matrice : {names ^ set(MATRIX)}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_roles_by_scope(world, name):
    """Each persona asks the view in turn, on one world: each request runs in a savepoint rolled back afterwards, so
    what one persona's post changed (a deletion, a new row) is undone before the next persona asks."""
    statuses = {}
    for persona in PERSONAS:
        with transaction.atomic():
            statuses[persona] = _status_for(world, name, persona)
            transaction.set_rollback(True)
    assert statuses == MATRIX[name][2], name


def _status_for(world, name, persona) -> int:
    method, kwargs, expected = MATRIX[name]
    user_request = _with_request(world) if kwargs.get("reference") == "51-2024-000001" else None
    if kwargs.get("token") == "TOKEN":
        kwargs = {"token": _with_request(world).tracking_token}
    if kwargs.get("attachment_id") == "ATTACHMENT":
        from vigie.register.requests.attachments import IncomingFile, store_attachments

        attachment = store_attachments(user_request, [IncomingFile("note.txt", b"Texte")])[0]
        kwargs = {**kwargs, "attachment_id": attachment.public_id}
    if kwargs.get("export_id") == "EXPORT":
        from django.core.files.base import ContentFile

        from vigie.register.models import RequestExport

        export = RequestExport(requested_by=world.officer, label="Toutes", status="done", total=0)
        export.file.save("x.xlsx", ContentFile(b"PK"), save=True)
        kwargs = {"export_id": export.public_id}
    kwargs = with_campaign(world, kwargs)
    if kwargs.get("closure_id") == "CLOSURE":
        kwargs = {**kwargs, "closure_id": ClosureDay.objects.create(site=world.site_a2, date="2030-01-02").public_id}
    kwargs = with_improvement_objects(kwargs, world)
    kwargs = with_audit_objects(kwargs, world)
    kwargs = with_document_objects(kwargs, world)
    kwargs = with_committee_objects(kwargs, world)
    kwargs = with_people_objects(kwargs, world)
    user = None if persona == "anonymous" else getattr(world, persona)
    client = world.client_for(user)
    data = {"date": "2030-01-03", "reason": "test"} if name == "closure_add" else {}
    response = getattr(client, method)(reverse(name, kwargs=kwargs), data)
    if response.streaming:  # a file download keeps its file open until read to the end
        b"".join(response.streaming_content)
    if expected[persona] == REDIRECT == response.status_code and persona == "anonymous" and name not in ("logout",):
        assert response["Location"].startswith(reverse(LOGIN)), name
    return response.status_code


@pytest.mark.parametrize(("persona", "status"), [(p, OK if p == "national" else REDIRECT) for p in PERSONAS])
def test_django_admin_is_for_national_administrators_only(world, persona, status):
    user = None if persona == "anonymous" else getattr(world, persona)
    if user is not None and persona != "national":
        user.is_staff = True  # even a staff flag does not open the admin without the national role
        user.save()
    response = world.client_for(user).get("/admin/")
    assert response.status_code == status


API_MATRIX = {
    "/api/v1/frameworks": _row(OK, anonymous=401),
    "/api/v1/frameworks/qual-e-pref-2019": _row(OK, anonymous=401),
    "/api/v1/departments/51": _row(OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    "/api/v1/departments/16": _row(NOT_FOUND, anonymous=401, national=OK, officer_b=OK),
    "/api/v1/indicators/TEL-DECROCHE/results?department=51&year=2021": _row(
        OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND
    ),
    # no measurement here: 422 says why there is no projection (tests/indicators/test_projection.py)
    "/api/v1/indicators/TEL-DECROCHE/projection?department=51": _row(
        422, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND
    ),
    # whoever reads a whole department gets the country and their own department only (tests/consolidation)
    "/api/v1/national/indicators/TEL-DECROCHE/results?year=2021": _row(
        OK, anonymous=401, correspondent=FORBIDDEN, agent=FORBIDDEN, no_role=FORBIDDEN
    ),
    # the list is open to every signed-in user and holds only their scope's requests (tests/register/test_api.py)
    "/api/v1/requests?department=51": _row(OK, anonymous=401),
    # the analysis of a department the user does not see is 404 (its figures are in test_analysis.py)
    "/api/v1/requests/analysis?department=51&year=2024": _row(
        OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND
    ),
    # a request of the service « etrangers » of pref-51, created by the test
    "/api/v1/requests/51-2024-000001": _row(
        NOT_FOUND, anonymous=401, national=OK, officer=OK, reader=OK, auditor=OK, agent=OK
    ),
}
API_MATRIX.update(AUDITS_API_MATRIX)
API_MATRIX.update(COMMITTEES_API_MATRIX)
API_MATRIX.update(IMPROVEMENT_API_MATRIX)
API_MATRIX.update(SURVEYS_API_MATRIX)
API_MATRIX.update(DOCUMENTS_API_MATRIX)
# POST endpoints: (path, body, expected per persona)
API_POST_MATRIX = {
    "/api/v1/measurements?department=51": (
        [{"indicator": "TEL-DECROCHE", "site": "sp-reims", "period": "2021-01", "numerator": 1, "denominator": 2}],
        _row(
            FORBIDDEN, anonymous=401, national=OK, officer=OK, correspondent=OK, officer_b=NOT_FOUND, no_role=NOT_FOUND
        ),
    ),
    "/api/v1/requests": (
        {
            "kind": "complaint",
            "channel": "email",
            "received_at": "2024-05-06T10:00:00",
            "site": "pref-51",
            "service": "etrangers",
            "subject": "s",
            "text": "t",
            "department": "51",
        },
        _row(
            FORBIDDEN,
            anonymous=401,
            national=201,
            officer=201,
            agent=201,
            correspondent=NOT_FOUND,
            officer_b=NOT_FOUND,
            no_role=NOT_FOUND,
        ),
    ),
    "/api/v1/requests/51-2024-000001/reply": (
        {"text": "Réponse", "replied_at": "2024-05-07T10:00:00"},
        _row(
            FORBIDDEN,
            anonymous=401,
            national=OK,
            officer=OK,
            agent=OK,
            correspondent=NOT_FOUND,
            officer_b=NOT_FOUND,
            no_role=NOT_FOUND,
        ),
    ),
}


API_POST_MATRIX.update(IMPROVEMENT_API_POST_MATRIX)
API_POST_MATRIX.update(SURVEYS_API_POST_MATRIX)


def _with_request(world):
    """A request of the service « etrangers » of pref-51, reference 51-2024-000001."""
    from tests.register.factories import make_request

    return make_request(world)


def test_every_api_endpoint_is_in_the_api_matrix():
    from vigie.api import api

    paths = {path.rstrip("/") for path in api.get_openapi_schema()["paths"]}
    templated = {
        p.split("?")[0]
        .replace("qual-e-pref-2019", "{code}")
        .replace("TEL-DECROCHE", "{code}")
        .replace("/51-2024-000001", "/{reference}")
        .replace("/pref-51/", "/{site}/")
        .replace("/ACTION/", "/{action_id}/")
        .replace("/CAMPAIGN", "/{campaign_id}")
        .replace("/MEETING", "/{meeting_id}")
        .replace("/MYSTERY", "/{campaign_id}")
        .replace("/CONTACT/", "/{contact_id}/")
        .replace("/POINT", "/{point_id}")
        .replace("/51", "/{code}")
        .replace("/16", "/{code}")
        for p in [*API_MATRIX, *API_POST_MATRIX]
    }
    assert paths <= templated, paths - templated


@pytest.mark.parametrize("path", sorted(API_MATRIX))
def test_api_roles_by_scope_with_session(world, path):
    _with_request(world)
    audit_objects(world)
    publication_for(world)
    url = committee_api_path(world, campaign_path(world, path))
    statuses = {}
    for persona in PERSONAS:  # reads: one world for every persona
        user = None if persona == "anonymous" else getattr(world, persona)
        statuses[persona] = world.client_for(user).get(url).status_code
    assert statuses == API_MATRIX[path], path


@pytest.mark.parametrize("path", sorted(API_POST_MATRIX))
def test_api_writes_by_role_and_scope(world, path):
    """One world; each persona's write in a savepoint rolled back before the next persona writes."""
    body, expected = API_POST_MATRIX[path]
    statuses = {}
    for persona in PERSONAS:
        with transaction.atomic():
            if "/reply" in path:
                _with_request(world)
            url = campaign_path(world, with_improvement_path(path, world))
            user = None if persona == "anonymous" else getattr(world, persona)
            client = world.client_for(user)
            client.handler.enforce_csrf_checks = False
            statuses[persona] = client.post(url, body, content_type="application/json").status_code
            transaction.set_rollback(True)
    assert statuses == expected, path
