"""Crawl of the demo (issue 10): every page a demo login reaches answers below 500.

The demo is built as `vigie demo` builds it (`call_command("demo")`), once for the module (once per xdist worker),
with the callbacks its transaction leaves for the commit run at its end as after the real command (the register's
indicators are published then). It is built inside a transaction rolled back after the module's last test rather
than flushed: no row of it is ever committed, so the tests run after it in the same process find the database exactly
as the migrations left it, ids included. Each test runs in its own savepoint inside it (pytest-django's `db`), so what
a page does on GET never reaches another test, whatever their order.

For each demo login (`vigie.demo.builder.USERS`) and for an anonymous visitor, the crawl sends GET requests only:

* the home page (level 0), the links on it (level 1) and the links on those pages (level 2);
* extra seeds: the results page of each department of the login's scope for every year the demo has measurements
  for it (`?annee=…`), and the links on those pages, one level deep. The results page opens on last year and picks
  the year with a form, not a link, so the link crawl alone never reaches e.g. the Charente's 2021 indicator pages
  (`/departements/16/resultats/indicateurs/TEL-DECROCHE/?annee=2021`);
* every URL of the access matrix (tests/test_access_matrix.py) the login's persona may open (status 200 there), with
  the matrix's placeholders replaced by demo objects of the login's scope, or left out when the demo has none (see
  `matrix_urls`). The quality officers of 16 and 41 are the matrix's `officer_b` (the other department's officer),
  and also its `officer` of their own department: the officer's rows are taken with their department code and
  prefecture in place of 51's. The anonymous visitor gets the public pages of every demo department.

Links are the `href` of `<a>` elements (relative ones resolved against the page), kept when they stay on the site;
fragments are dropped and query strings kept (each variant is a URL of its own), each URL is fetched once per login.
Left out: the logout, the Django admin (a surface of its own, tested elsewhere), static and media files, links with
`download`. A redirect to a page of the site is followed at the same level.

Pages are rendered as in production, with an empty `string_if_invalid`: the test settings' mark replaces a whole
expression whose variable is undefined, filters and their arguments included, so a variable in a filter's argument
that raises in production (`default:h.changed_by.username` for a change without user: a 500) answered 200 under them.
Every (login, URL, status ≥ 500) is collected, and the test fails once with all of them, so one run shows every error.
"""

from __future__ import annotations

import io
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from tests.committees.matrix import PLACEHOLDERS as COMMITTEE_PLACEHOLDERS
from tests.committees.matrix import with_demo_committee_objects
from tests.surveys.matrix import with_demo_campaign
from tests.test_access_matrix import MATRIX
from vigie.audits.queries import audits_for_user, self_assessments_for_user
from vigie.demo.builder import USERS, DemoUser
from vigie.improvement.models import Action, Evidence
from vigie.improvement.queries import visible_plans
from vigie.indicators.models import Measurement
from vigie.organisation.enums import Role
from vigie.organisation.queries import visible_departments
from vigie.register.models import Attachment, RequestExport, UserRequest
from vigie.register.requests.queries import visible_requests

ANONYMOUS = "anonymous"
HOME_DEPTH = 2  # home → its links → their links
YEAR_SEED_DEPTH = 1  # results of a year → its links
REDIRECTS = (301, 302, 303, 307, 308)
MATRIX_CODE, MATRIX_SITE = "51", "pref-51"  # the department and site the matrix's rows name
PERSONA_OF_ROLE = {
    Role.NATIONAL_ADMIN: "national",
    Role.SITE_CORRESPONDENT: "correspondent",
    Role.SERVICE_AGENT: "agent",
    Role.STEERING_READER: "reader",
    Role.AUDITOR: "auditor",
}
DEMO_DEPARTMENTS = sorted({spec.department for spec in USERS if spec.department})


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with (
            override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")),
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def production_templates(settings):
    """Templates as in production: an undefined variable renders as "", one in a filter's argument raises (a 500)."""
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine.get("OPTIONS", {}), "string_if_invalid": ""}} for engine in settings.TEMPLATES
    ]


def persona_of(spec: DemoUser) -> str:
    if spec.role == Role.QUALITY_OFFICER:
        return "officer" if spec.department == MATRIX_CODE else "officer_b"
    return PERSONA_OF_ROLE[spec.role]


class LinkParser(HTMLParser):
    """The `href` of every `<a>` of a page, but those of links to download."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.hrefs.append(attributes["href"])


def skipped_prefixes() -> tuple[str, ...]:
    return (reverse("logout"), "/admin/", settings.STATIC_URL, settings.MEDIA_URL)


def same_site_url(page: str, href: str) -> str | None:
    """`href` on `page` as a path with its query string, without fragment; None when it leaves the crawl."""
    parts = urlsplit(urljoin(page, href.strip()))
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None  # another site, mailto:, tel:, javascript:…
    if parts.path.startswith(skipped_prefixes()) or "logout" in parts.path or "deconnexion" in parts.path:
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def links_of(page: str, content: bytes) -> list[str]:
    parser = LinkParser()
    parser.feed(content.decode("utf-8", errors="replace"))
    return [url for url in (same_site_url(page, href) for href in parser.hrefs) if url]


def crawl(client: Client, seeds: list[tuple[str, int]]) -> dict[str, tuple[int, str]]:
    """GET every seed and the links found from it down to its depth: URL → (status, exception of a 500 or "").
    Each URL is fetched once; its links are read only when followed (most pages are the last level), and followed
    again when the page is reached later with more depth left."""
    answers: dict[str, tuple[int, str]] = {}
    redirects: dict[str, str] = {}  # URL → the page of the site it sends to
    pages: dict[str, bytes] = {}  # HTML of the pages answered 200
    links: dict[str, list[str]] = {}
    explored: dict[str, int] = {}
    pending = deque(seeds)
    while pending:
        url, depth = pending.popleft()
        if explored.get(url, -1) >= depth:
            continue
        explored[url] = depth
        if url not in answers:
            response = client.get(url)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            error = ""
            if response.exc_info:
                error = f"{response.exc_info[0].__name__}: {response.exc_info[1]}"[:300]
            answers[url] = (response.status_code, error)
            if response.status_code in REDIRECTS and (target := same_site_url(url, response["Location"])):
                redirects[url] = target
            elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                pages[url] = content
        if url in redirects:  # the page the visitor lands on, at the same level
            pending.append((redirects[url], depth))
        elif depth > 0 and url in pages:
            if url not in links:
                links[url] = links_of(url, pages[url])
            pending.extend((link, depth - 1) for link in links[url])
    return answers


def in_department(kwargs: dict, code: str) -> dict | None:
    """The matrix's kwargs for department 51 as the same URL in department `code`: its code and prefecture
    (pref-51 → pref-<code>). None when they name another site of 51 (sp-reims…), which has no counterpart."""
    if code == MATRIX_CODE:
        return kwargs
    moved = dict(kwargs)
    if moved.get("code") == MATRIX_CODE:
        moved["code"] = code
    if "site_code" in moved:
        if moved["site_code"] != MATRIX_SITE:
            return None
        moved["site_code"] = f"pref-{code}"
    return moved


def with_demo_objects(kwargs: dict, user) -> dict | None:
    """The matrix's placeholders replaced by demo objects the login may see; None when the demo has none."""
    kwargs = dict(kwargs)
    requests = (UserRequest.objects.all() if user is None else visible_requests(user)).order_by("reference")
    if set(COMMITTEE_PLACEHOLDERS.values()) & set(kwargs.values()):
        return with_demo_committee_objects(kwargs, user)
    if kwargs.get("token") == "TOKEN":  # public tracking page: any demo request's token, one of the login's scope
        request = requests.first()
        if request is None:
            return None
        kwargs["token"] = request.tracking_token
    if "reference" in kwargs:  # the matrix's reference (51-2024-000001) is not in the demo: a request of the scope
        if kwargs.get("attachment_id") == "ATTACHMENT":
            # the demo's requests are created without attachments: skipped unless one exists in the scope
            attachment = Attachment.objects.filter(request__in=requests).select_related("request").first()
            if attachment is None:
                return None
            kwargs["reference"], kwargs["attachment_id"] = attachment.request.reference, attachment.public_id
        else:
            request = requests.first()  # none in the Charente, which has measurements only
            if request is None:
                return None
            kwargs["reference"] = request.reference
    if kwargs.get("export_id") == "EXPORT":
        # the demo starts no background export: skipped unless the login has a finished one
        export = (
            None
            if user is None
            else RequestExport.objects.filter(requested_by=user, status=RequestExport.State.DONE)
            .exclude(file="")
            .first()
        )
        if export is None:
            return None
        kwargs["export_id"] = export.public_id
    if kwargs.get("closure_id") == "CLOSURE":  # only POST rows name a closure: never reached
        return None
    if {"document_id", "publication_id", "meeting_id"} & set(kwargs):
        return with_demo_document_objects(kwargs, user)
    if {"plan_id", "action_id", "evidence_id"} & set(kwargs):
        return with_demo_plan_objects(kwargs, user)
    if {"audit_id", "assessment_id"} & set(kwargs):
        return with_demo_audit_objects(kwargs, user)
    return with_demo_campaign(kwargs, user)


def with_demo_audit_objects(kwargs: dict, user) -> dict | None:
    """The matrix's audit and self-assessment placeholders as demo objects of the department the login reads."""
    if user is None:
        return None
    department = visible_departments(user).filter(code=kwargs["code"]).first()
    if department is None:
        return None
    if "audit_id" in kwargs:
        audit = audits_for_user(user, department).first()
        kwargs["audit_id"] = audit.public_id if audit else None
    if "assessment_id" in kwargs:
        assessment = self_assessments_for_user(user, department).first()
        kwargs["assessment_id"] = assessment.public_id if assessment else None
    return None if None in kwargs.values() else kwargs


def with_demo_document_objects(kwargs: dict, user) -> dict | None:
    """The matrix's document, publication and meeting placeholders as demo objects (publications are public; the
    demo queues its documents for the worker, so a document's file may not be ready: 404, not an error)."""
    from vigie.committees.queries import visible_meetings
    from vigie.documents.models import GeneratedDocument, Publication

    if "publication_id" in kwargs:
        publication = Publication.objects.order_by("published_at").first()
        kwargs["publication_id"] = publication.public_id if publication else None
    if user is None and {"document_id", "meeting_id"} & set(kwargs):
        return None
    if "document_id" in kwargs:
        document = GeneratedDocument.objects.filter(department__in=visible_departments(user)).order_by("id").first()
        kwargs["document_id"] = document.public_id if document else None
    if "meeting_id" in kwargs:
        meeting = visible_meetings(user).filter(committee__department__code=kwargs.get("code", "")).first()
        kwargs["meeting_id"] = meeting.public_id if meeting else None
    return None if None in kwargs.values() else kwargs


def with_demo_plan_objects(kwargs: dict, user) -> dict | None:
    """The matrix's plan, action and evidence placeholders as demo objects the login reads (None when none)."""
    if user is None:
        return None
    plans = visible_plans(user)
    actions = Action.objects.filter(theme__axis__plan__in=plans).order_by("opened_on", "id")
    if "plan_id" in kwargs:
        plan = plans.order_by("department__code", "year").first()
        kwargs["plan_id"] = plan.public_id if plan else None
    if "action_id" in kwargs:
        action = actions.first()
        kwargs["action_id"] = action.public_id if action else None
    if "evidence_id" in kwargs:
        evidence = Evidence.objects.filter(action__in=actions).exclude(file="").first()
        kwargs["evidence_id"] = evidence.public_id if evidence else None
    return None if None in kwargs.values() else kwargs


def matrix_urls(spec: DemoUser | None, user) -> list[str]:
    """Every GET URL of the access matrix the login's persona may open (200 there), in the login's demo scope."""
    persona = ANONYMOUS if spec is None else persona_of(spec)
    rows = [
        (name, kwargs, MATRIX_CODE) for name, (method, kwargs, expected) in MATRIX.items() if expected[persona] == 200
    ]
    if persona == "officer_b":  # the officer of the matrix, but of their own department
        rows += [
            (name, kwargs, spec.department)
            for name, (_, kwargs, expected) in MATRIX.items()
            if expected["officer"] == 200
        ]
    if persona == ANONYMOUS:  # the public pages of every demo department (the request form)
        rows += [
            (name, kwargs, code)
            for code in DEMO_DEPARTMENTS
            for name, (_, kwargs, expected) in MATRIX.items()
            if expected[ANONYMOUS] == 200
        ]
    urls = []
    for name, kwargs, code in rows:
        if MATRIX[name][0] != "get":
            continue
        kwargs = in_department(kwargs, code)
        kwargs = None if kwargs is None else with_demo_objects(kwargs, user)
        if kwargs is not None:
            urls.append(reverse(name, kwargs=kwargs))
    return list(dict.fromkeys(urls))


def results_by_year(spec: DemoUser | None) -> list[str]:
    """The results page of the login's department(s) for every year the demo has measurements for."""
    if spec is None:
        return []
    measurements = Measurement.objects.all()
    if spec.department:
        measurements = measurements.filter(department__code=spec.department)
    pairs = measurements.values_list("department__code", "year").distinct().order_by("department__code", "year")
    return [f"{reverse('results', kwargs={'code': code})}?annee={year}" for code, year in pairs]


LOGINS = [pytest.param(spec.username, id=spec.username) for spec in USERS] + [pytest.param(None, id=ANONYMOUS)]


@pytest.mark.parametrize("username", LOGINS)
def test_every_page_a_demo_login_reaches_answers_below_500(demo, db, production_templates, username):
    spec = next((spec for spec in USERS if spec.username == username), None)
    user = None if username is None else get_user_model().objects.get(username=username)
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    seeds = [("/", HOME_DEPTH)]
    seeds += [(url, YEAR_SEED_DEPTH) for url in results_by_year(spec)]
    seeds += [(url, 0) for url in matrix_urls(spec, user)]
    answers = crawl(client, seeds)
    print(f"{username or ANONYMOUS}: {len(answers)} URL")
    errors = [(url, status, error) for url, (status, error) in answers.items() if status >= 500]
    assert not errors, (
        f"{username or ANONYMOUS} : {len(errors)} page(s) en erreur (≥ 500) sur {len(answers)} visitées\n"
        + "\n".join(f"  {status} {url}  {error}" for url, status, error in errors)
    )
