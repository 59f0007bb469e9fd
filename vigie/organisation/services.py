"""Writes on the organisation: departments, sites, services, closures, roles."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from vigie.core.territory import UnknownDepartmentCode, normalise_department_code, territory_for
from vigie.core.yamlfile import FileError, FileRejected, LineDict, LineList, load_yaml

from .enums import Role, SiteKind, Weekday
from .models import ClosureDay, Department, OpeningPeriod, RoleAssignment, Service, Site
from .signals import closures_changed

WEEKDAYS_FR = {label: value for value, label in Weekday.choices}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
_RANGE = re.compile(r"^(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})$")


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return f"{len(self.created)} créé(s), {len(self.updated)} mis à jour, {self.unchanged} inchangé(s)."


# ---- validation of the org file (pure: no database write) ----------------------------------------------


@dataclass
class _Closure:
    date: dt.date
    reason: str


@dataclass
class _ServiceSpec:
    code: str
    name: str
    email: str


@dataclass
class SiteSpec:
    code: str
    name: str
    kind: str
    address: str | None
    email: str | None
    phone: str | None
    website: str | None
    opening: list[tuple[int, dt.time, dt.time]] | None
    closures: list[_Closure] | None
    services: list[_ServiceSpec]


@dataclass
class OrgSpec:
    code: str
    name: str
    of_name: str
    population: int
    sites: list[SiteSpec]


class OrgChecker:
    def __init__(self) -> None:
        self.errors: list[FileError] = []

    def fail(self, line: int | None, message: str) -> None:
        self.errors.append(FileError(line, message))

    def text(self, data: LineDict, key: str, where: str, *, required: bool = True, max_length: int = 200):
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(data.line, f"{where} : le champ « {key} » est obligatoire")
            return None
        if isinstance(value, (dict, list)):
            self.fail(data.line_of(key), f"{where} : le champ « {key} » doit être un texte")
            return None
        value = str(value).strip()
        if len(value) > max_length:
            self.fail(data.line_of(key), f"{where} : « {key} » dépasse {max_length} caractères")
            return None
        return value

    def code(self, data: LineDict, key: str, where: str) -> str | None:
        value = self.text(data, key, where, max_length=50)
        if value is not None and not _SLUG.match(value):
            self.fail(
                data.line_of(key),
                f"{where} : le code « {value} » ne doit contenir que des minuscules, chiffres, tirets et soulignés",
            )
            return None
        return value

    def unknown_keys(self, data: LineDict, allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.fail(
                    data.line_of(str(key)),
                    f"{where} : clé inconnue « {key} » (clés possibles : {', '.join(sorted(allowed))})",
                )


_SITE_KEYS = {
    "code",
    "name",
    "kind",
    "address",
    "email",
    "phone",
    "website",
    "opening_hours",
    "closures",
    "services",
}


def parse_org_file(content: str | bytes) -> OrgSpec:
    """Validate a whole org file; raise FileRejected listing every faulty line."""
    data = load_yaml(content)
    check = OrgChecker()
    spec = check_org_data(data, check)
    if check.errors or spec is None:
        raise FileRejected(sorted(check.errors, key=lambda e: e.line or 0))
    return spec


def check_org_data(data: Any, check: OrgChecker, *, extra_keys: frozenset[str] = frozenset()) -> OrgSpec | None:
    """Validate the organisation part of a loaded org file (`department`, `sites`), writing each fault to `check`.
    `extra_keys` are the top-level keys another layer reads from the same file (users, labelling)."""
    if not isinstance(data, LineDict):
        check.fail(1, "le fichier doit contenir les clés « department » et « sites »")
        return None
    check.unknown_keys(data, {"department", "sites", *extra_keys}, "fichier")
    department = data.get("department")
    code = name = population = None
    of_name = ""
    if not isinstance(department, LineDict):
        check.fail(data.line_of("department"), "« department » est obligatoire : {code, name, population}")
    else:
        check.unknown_keys(department, {"code", "name", "of_name", "population"}, "département")
        raw_code = department.get("code")
        if raw_code is None:
            check.fail(department.line, "département : le champ « code » est obligatoire")
        else:
            try:
                code = territory_for(normalise_department_code(str(raw_code))).code
            except UnknownDepartmentCode as exc:
                check.fail(department.line_of("code"), f"département : {exc}")
        name = check.text(department, "name", "département", max_length=100)
        of_name = check.text(department, "of_name", "département", required=False, max_length=110) or ""
        population = department.get("population")
        if population is None:
            check.fail(department.line, "département : le champ « population » est obligatoire")
        elif isinstance(population, bool) or not isinstance(population, int) or population <= 0:
            check.fail(
                department.line_of("population"),
                f"département : la population doit être un entier positif (reçu : {population!r})",
            )
            population = None
    sites_data = data.get("sites", LineList())
    sites: list[SiteSpec] = []
    if not isinstance(sites_data, list):
        check.fail(data.line_of("sites"), "« sites » doit être une liste")
        sites_data = LineList()
    seen_sites: dict[str, int] = {}
    for index, site in enumerate(sites_data):
        line = sites_data.item_lines[index] if isinstance(sites_data, LineList) else None
        if not isinstance(site, LineDict):
            check.fail(line, f"site n°{index + 1} : une description de site est attendue (code, name, kind…)")
            continue
        spec = _parse_site(check, site, index, seen_sites)
        if spec:
            sites.append(spec)
    if code is None or name is None or population is None:
        return None
    return OrgSpec(code=code, name=name, of_name=of_name, population=population, sites=sites)


def _parse_site(check: OrgChecker, site: LineDict, index: int, seen: dict[str, int]) -> SiteSpec | None:
    where = f"site n°{index + 1}"
    check.unknown_keys(site, _SITE_KEYS, where)
    code = check.code(site, "code", where)
    if code:
        where = f"site « {code} »"
        if code in seen:
            check.fail(site.line_of("code"), f"{where} : code déjà utilisé ligne {seen[code]}")
        seen[code] = site.line_of("code")
    name = check.text(site, "name", where)
    kind = check.text(site, "kind", where, max_length=20)
    if kind is not None and kind not in SiteKind.values:
        check.fail(site.line_of("kind"), f"{where} : type « {kind} » inconnu (types : {', '.join(SiteKind.values)})")
    address = check.text(site, "address", where, required=False, max_length=500)
    email = check.text(site, "email", where, required=False)
    if email and "@" not in email:
        check.fail(site.line_of("email"), f"{where} : « {email} » n'est pas une adresse électronique")
    phone = check.text(site, "phone", where, required=False, max_length=30)
    website = check.text(site, "website", where, required=False)
    if website and not website.startswith(("http://", "https://")):
        check.fail(site.line_of("website"), f"{where} : le site internet doit commencer par https://")
    opening = _parse_opening(check, site, where) if "opening_hours" in site else None
    closures = _parse_closures(check, site, where) if "closures" in site else None
    services: list[_ServiceSpec] = []
    services_data = site.get("services") or LineList()
    if not isinstance(services_data, list):
        check.fail(site.line_of("services"), f"{where} : « services » doit être une liste")
        services_data = LineList()
    seen_services: dict[str, int] = {}
    for s_index, service in enumerate(services_data):
        s_line = services_data.item_lines[s_index] if isinstance(services_data, LineList) else site.line
        s_where = f"{where}, service n°{s_index + 1}"
        if not isinstance(service, LineDict):
            check.fail(s_line, f"{s_where} : une description {{code, name}} est attendue")
            continue
        check.unknown_keys(service, {"code", "name", "email"}, s_where)
        s_code = check.code(service, "code", s_where)
        if s_code in seen_services:
            check.fail(
                service.line_of("code"),
                f"{s_where} : code « {s_code} » déjà utilisé ligne {seen_services[s_code]}",
            )
        elif s_code:
            seen_services[s_code] = service.line_of("code")
        s_name = check.text(service, "name", s_where)
        s_email = check.text(service, "email", s_where, required=False) or ""
        if s_code and s_name:
            services.append(_ServiceSpec(s_code, s_name, s_email))
    if not (code and name and kind in SiteKind.values):
        return None
    return SiteSpec(code, name, kind, address, email, phone, website, opening, closures, services)


def _parse_opening(check: OrgChecker, site: LineDict, where: str) -> list[tuple[int, dt.time, dt.time]]:
    hours = site["opening_hours"]
    result: list[tuple[int, dt.time, dt.time]] = []
    if not isinstance(hours, LineDict):
        check.fail(site.line_of("opening_hours"), f'{where} : « opening_hours » attend {{lundi: ["08:30-12:00"]}}')
        return result
    for day, ranges in hours.items():
        line = hours.line_of(str(day))
        weekday = WEEKDAYS_FR.get(str(day).lower())
        if weekday is None:
            check.fail(line, f"{where} : jour « {day} » inconnu (lundi … dimanche)")
            continue
        if isinstance(ranges, str):
            ranges = [ranges]
        if not isinstance(ranges, list):
            check.fail(line, f"{where} : les horaires du {day} doivent être une liste de plages « 08:30-12:00 »")
            continue
        for item in ranges:
            match = _RANGE.match(str(item).strip())
            if not match:
                check.fail(line, f"{where} : plage « {item} » invalide le {day} (format 08:30-12:00)")
                continue
            h1, m1, h2, m2 = (int(x) for x in match.groups())
            try:
                opens, closes = dt.time(h1, m1), dt.time(h2, m2)
            except ValueError:
                check.fail(line, f"{where} : heure invalide dans « {item} » le {day}")
                continue
            if closes <= opens:
                check.fail(line, f"{where} : la plage « {item} » du {day} se termine avant de commencer")
                continue
            result.append((weekday, opens, closes))
    return result


def _parse_closures(check: OrgChecker, site: LineDict, where: str) -> list[_Closure]:
    closures = site["closures"] or LineList()
    result: list[_Closure] = []
    if not isinstance(closures, list):
        check.fail(site.line_of("closures"), f"{where} : « closures » doit être une liste de dates AAAA-MM-JJ")
        return result
    seen: set[dt.date] = set()
    for index, item in enumerate(closures):
        line = closures.item_lines[index] if isinstance(closures, LineList) else site.line
        reason = ""
        value = item
        if isinstance(item, LineDict):
            value = item.get("date")
            reason = str(item.get("reason") or "")[:200]
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                value = None
        if not isinstance(value, dt.date):
            check.fail(line, f"{where} : fermeture « {item} » : date attendue au format AAAA-MM-JJ")
            continue
        if value in seen:
            check.fail(line, f"{where} : fermeture du {value:%d/%m/%Y} en double")
            continue
        seen.add(value)
        result.append(_Closure(value, reason))
    return result


# ---- writes ------------------------------------------------------------------------------------------------


def _apply(instance, values: dict[str, Any], report: ImportReport, label: str) -> None:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if instance.pk is None:
        instance.full_clean()
        instance.save()
        report.created.append(label)
    elif changed:
        instance.full_clean()
        instance.save()
        report.updated.append(label)
    else:
        report.unchanged += 1


@transaction.atomic
def import_org(*, content: str | bytes, actor: User | None = None) -> ImportReport:
    """Create or update a department, its sites and services from an org file. All or nothing.

    Sites and services missing from the file are kept (never deleted by an import). Opening hours and
    closures, when a site gives them, replace the site's own.
    """
    spec = parse_org_file(content)
    report = ImportReport()
    apply_org_spec(spec, report)
    return report


def apply_org_spec(spec: OrgSpec, report: ImportReport) -> Department:
    """Write a validated org file's department, sites and services (in the caller's transaction)."""
    department = Department.objects.filter(code=spec.code).first() or Department(code=spec.code)
    _apply(
        department,
        {"name": spec.name, "of_name": spec.of_name, "population": spec.population},
        report,
        f"département {spec.code}",
    )
    for site_spec in spec.sites:
        site = Site.objects.filter(department=department, code=site_spec.code).first() or Site(
            department=department, code=site_spec.code
        )
        values: dict[str, Any] = {"name": site_spec.name, "kind": site_spec.kind}
        for optional in ("address", "email", "phone", "website"):
            if getattr(site_spec, optional) is not None:
                values[optional] = getattr(site_spec, optional)
        _apply(site, values, report, f"site {site_spec.code}")
        for service_spec in site_spec.services:
            service = Service.objects.filter(site=site, code=service_spec.code).first() or Service(
                site=site, code=service_spec.code
            )
            _apply(
                service,
                {"name": service_spec.name, "email": service_spec.email},
                report,
                f"service {site_spec.code}/{service_spec.code}",
            )
        if site_spec.opening is not None:
            _replace_opening(site, site_spec.opening, report)
        if site_spec.closures is not None:
            _replace_closures(site, site_spec.closures, report)
    return department


def _replace_opening(site: Site, periods: list[tuple[int, dt.time, dt.time]], report: ImportReport) -> None:
    current = set(site.opening_periods.values_list("weekday", "opens", "closes"))
    if current == set(periods):
        return
    site.opening_periods.all().delete()
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(site=site, weekday=w, opens=o, closes=c) for w, o, c in sorted(periods)
    )
    report.updated.append(f"horaires {site.code}")


def _replace_closures(site: Site, closures: list[_Closure], report: ImportReport) -> None:
    current = set(site.closures.values_list("date", "reason"))
    wanted = {(c.date, c.reason) for c in closures}
    if current == wanted:
        return
    site.closures.all().delete()
    ClosureDay.objects.bulk_create(ClosureDay(site=site, date=c.date, reason=c.reason) for c in closures)
    report.updated.append(f"fermetures {site.code}")
    closures_changed.send(sender=Site, site=site)


@transaction.atomic
def add_closure(*, actor: User, site: Site, date: dt.date, reason: str = "") -> ClosureDay:
    closure = ClosureDay(site=site, date=date, reason=reason)
    closure.full_clean()
    closure.save()
    closures_changed.send(sender=Site, site=site)
    return closure


RETENTION_MONTHS_RANGE = (6, 120)


@transaction.atomic
def set_retention_months(*, actor: User, department: Department, months: int) -> bool:
    """The department's retention period of personal data in the register (months after closing). Returns True
    when it changed."""
    low, high = RETENTION_MONTHS_RANGE
    if not low <= months <= high:
        raise ValidationError({"retention_months": f"La durée doit être comprise entre {low} et {high} mois."})
    if department.retention_months == months:
        return False
    department.retention_months = months
    department.save(update_fields=["retention_months"])
    return True


@transaction.atomic
def remove_closure(*, actor: User, closure: ClosureDay) -> None:
    site = closure.site
    closure.delete()
    closures_changed.send(sender=Site, site=site)


@transaction.atomic
def assign_role(
    *,
    user: User,
    role: Role,
    department: Department | None = None,
    site: Site | None = None,
    service: Service | None = None,
) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user, role=role, department=department, site=site, service=service
    )
    assignment.full_clean()
    return assignment
