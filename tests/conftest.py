"""Strict test set-up: warnings are errors (pyproject), undefined template variables fail (settings_test)."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.organisation.factories import (
    DepartmentFactory,
    RoleAssignmentFactory,
    ServiceFactory,
    SiteFactory,
    UserFactory,
)
from vigie.organisation.enums import Role

INVALID_MARK = "!!INVALID:"

# No per-example deadline: CI shares two cores with a PostgreSQL server and a browser, and a slow example is not a
# wrong one (a deadline overrun failed tests/core/test_periods.py under load).
hypothesis_settings.register_profile("vigie", deadline=None)
hypothesis_settings.load_profile("vigie")


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path):
    """Uploaded files of a test go to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_invalid_template_variable(monkeypatch):
    """Fail any test whose rendered page contains an undefined template variable."""
    from django.template import response as template_response

    original = template_response.SimpleTemplateResponse.rendered_content.fget

    def checked(self):
        content = original(self)
        if INVALID_MARK in content:
            start = content.index(INVALID_MARK)
            raise AssertionError(f"Variable de gabarit indéfinie : {content[start : start + 80]}")
        return content

    monkeypatch.setattr(template_response.SimpleTemplateResponse, "rendered_content", property(checked))


def api_errors(response) -> dict[str | None, list[str]]:
    """An API refusal, in its one shape ({"detail", "errors": [{"field", "line", "message"}]}), as
    {field: [messages]} (None: the whole request)."""
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    errors: dict[str | None, list[str]] = {}
    for item in body["errors"]:
        errors.setdefault(item["field"], []).append(item["message"])
    return errors


class World:
    """Two departments; in department A two sites, each with services. Personas for every role."""

    def __init__(self) -> None:
        self.dept_a = DepartmentFactory(code="51", name="Marne")
        self.dept_b = DepartmentFactory(code="16", name="Charente")
        self.site_a1 = SiteFactory(department=self.dept_a, code="pref-51", kind="prefecture")
        self.site_a2 = SiteFactory(department=self.dept_a, code="sp-reims", kind="sous_prefecture")
        self.site_b1 = SiteFactory(department=self.dept_b, code="pref-16", kind="prefecture")
        self.service_a1 = ServiceFactory(site=self.site_a1, code="etrangers")
        self.service_a1bis = ServiceFactory(site=self.site_a1, code="accueil")
        self.service_a2 = ServiceFactory(site=self.site_a2, code="accueil")
        self.service_b1 = ServiceFactory(site=self.site_b1, code="accueil")
        self.national = UserFactory(username="national", is_superuser=True, is_staff=True)
        self.officer = self._user("officer", Role.QUALITY_OFFICER, department=self.dept_a)
        self.officer_b = self._user("officer_b", Role.QUALITY_OFFICER, department=self.dept_b)
        self.correspondent = self._user("correspondent", Role.SITE_CORRESPONDENT, site=self.site_a2)
        self.agent = self._user("agent", Role.SERVICE_AGENT, service=self.service_a1)
        self.reader = self._user("reader", Role.STEERING_READER, department=self.dept_a)
        self.auditor = self._user("auditor", Role.AUDITOR, department=self.dept_a)
        self.no_role = UserFactory(username="no_role")

    @staticmethod
    def _user(username: str, role: Role, **scope):
        user = UserFactory(username=username)
        RoleAssignmentFactory(user=user, role=role, **scope)
        return user

    def client_for(self, user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def world(db) -> World:
    return World()
