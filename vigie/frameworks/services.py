"""Writes on frameworks: local indicators and labelling scopes."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from vigie.organisation.models import Department, Service, Site

from .models import FrameworkVersion, Indicator, LabellingScope, Module


@transaction.atomic
def create_local_indicator(*, actor: User, department: Department, **values) -> Indicator:
    indicator = Indicator(department=department, source="local", confidence="C", **values)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def set_labelling_scope(
    *,
    actor: User | None,
    site: Site,
    framework_version: FrameworkVersion,
    modules: list[Module],
    since: dt.date,
    service: Service | None = None,
) -> LabellingScope:
    """Record the labelling scope of a site (or of one of its services) on a framework; the previous scope of the same
    site or service on the same framework ends."""
    LabellingScope.objects.filter(
        site=site, service=service, framework_version__framework=framework_version.framework, until=None
    ).update(until=since)
    scope = LabellingScope(site=site, service=service, framework_version=framework_version, since=since)
    scope.full_clean()
    scope.save()
    scope.modules.set(modules)
    return scope
