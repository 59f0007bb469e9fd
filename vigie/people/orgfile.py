"""The whole org file of a department (docs/import-org.md): its organisation (`department`, `sites`, read by
organisation), its people with their roles (`users`) and its labelling scopes per site and per service
(`labelling`). All or nothing: a faulty file is refused whole, each error naming its line; rerunning the same file
changes nothing. An imported person gets an e-mail to set their own password: no password is ever in the file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from vigie.core.yamlfile import FileRejected, LineDict, LineList, load_yaml
from vigie.frameworks.models import FrameworkVersion, LabellingScope
from vigie.frameworks.services import set_labelling_scope
from vigie.organisation.enums import ROLE_SCOPE, Role
from vigie.organisation.models import RoleAssignment, Service, Site
from vigie.organisation.services import ImportReport, OrgChecker, OrgSpec, apply_org_spec, check_org_data

from .invitations import queue_invitation
from .services import role_label, split_name

_USERNAME = re.compile(r"^[\w.@+-]{1,150}$")
_USER_KEYS = {"username", "email", "name", "roles"}
_ROLE_KEYS = {"role", "site", "service"}
_LABELLING_KEYS = {"site", "service", "framework", "modules", "since"}
FILE_ROLES = [r for r in Role.values if r != Role.NATIONAL_ADMIN]


@dataclass
class _RoleSpec:
    role: str
    site: str | None
    service: str | None


@dataclass
class _UserSpec:
    username: str
    email: str
    name: str
    roles: list[_RoleSpec] = field(default_factory=list)


@dataclass
class _LabellingSpec:
    site: str
    service: str | None
    version: FrameworkVersion
    modules: list[int]
    since: dt.date


def _items(check: OrgChecker, data: LineDict, key: str) -> list[tuple[int, object]]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        check.fail(data.line_of(key), f"« {key} » doit être une liste")
        return []
    lines = value.item_lines if isinstance(value, LineList) else [data.line_of(key)] * len(value)
    return list(zip(lines, value, strict=True))


def _places(spec: OrgSpec | None) -> dict[str, set[str]]:
    """Site code → service codes, from the file and from the database (an import may name what exists already)."""
    places: dict[str, set[str]] = {}
    if spec is None:
        return places
    for site_code, service_code in Service.objects.filter(site__department__code=spec.code).values_list(
        "site__code", "code"
    ):
        places.setdefault(site_code, set()).add(service_code)
    for site_code in Site.objects.filter(department__code=spec.code).values_list("code", flat=True):
        places.setdefault(site_code, set())
    for site in spec.sites:
        places.setdefault(site.code, set()).update(s.code for s in site.services)
    return places


def _check_place(check, data: LineDict, where: str, places, *, site_required: bool) -> tuple[str | None, str | None]:
    site = check.text(data, "site", where, required=site_required, max_length=50)
    service = check.text(data, "service", where, required=False, max_length=50)
    if site is not None and site not in places:
        check.fail(data.line_of("site"), f"{where} : site « {site} » inconnu (ni dans le fichier ni dans Vigie)")
        return None, None
    if service is not None:
        if site is None:
            check.fail(data.line_of("service"), f"{where} : un service se donne avec son site (« site »)")
            return None, None
        if service not in places[site]:
            check.fail(data.line_of("service"), f"{where} : service « {service} » inconnu sur le site « {site} »")
            return None, None
    return site, service


def _check_users(check: OrgChecker, data: LineDict, places) -> list[_UserSpec]:
    users: list[_UserSpec] = []
    seen: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for index, (line, item) in enumerate(_items(check, data, "users")):
        where = f"utilisateur n°{index + 1}"
        if not isinstance(item, LineDict):
            check.fail(line, f"{where} : une description {{username, email, name, roles}} est attendue")
            continue
        check.unknown_keys(item, _USER_KEYS, where)
        if "password" in item:
            continue  # already refused as an unknown key: no password in a file
        username = check.text(item, "username", where, max_length=150)
        if username is not None:
            where = f"utilisateur « {username} »"
            if not _USERNAME.match(username):
                check.fail(item.line_of("username"), f"{where} : identifiant invalide (lettres, chiffres, . @ + - _)")
            elif username in seen:
                check.fail(item.line_of("username"), f"{where} : identifiant déjà utilisé ligne {seen[username]}")
            seen[username] = item.line_of("username")
        email = check.text(item, "email", where, max_length=254)
        if email is not None:
            email = email.lower()
            if "@" not in email:
                check.fail(item.line_of("email"), f"{where} : « {email} » n'est pas une adresse électronique")
            elif email in seen_emails:
                check.fail(item.line_of("email"), f"{where} : adresse déjà utilisée ligne {seen_emails[email]}")
            else:
                seen_emails[email] = item.line_of("email")
                other = User.objects.filter(email__iexact=email).exclude(username=username).first()
                if other is not None:
                    check.fail(item.line_of("email"), f"{where} : l'adresse est celle d'un autre compte ({other})")
        name = check.text(item, "name", where, max_length=300) or ""
        roles: list[_RoleSpec] = []
        for r_index, (r_line, r_item) in enumerate(_items(check, item, "roles")):
            r_where = f"{where}, rôle n°{r_index + 1}"
            if not isinstance(r_item, LineDict):
                check.fail(r_line, f"{r_where} : une description {{role, site, service}} est attendue")
                continue
            check.unknown_keys(r_item, _ROLE_KEYS, r_where)
            role = check.text(r_item, "role", r_where, max_length=30)
            if role is not None and role not in FILE_ROLES:
                check.fail(
                    r_item.line_of("role"), f"{r_where} : rôle « {role} » inconnu (rôles : {', '.join(FILE_ROLES)})"
                )
                continue
            site, service = _check_place(check, r_item, r_where, places, site_required=False)
            if role is None:
                continue
            expected = ROLE_SCOPE[Role(role)]
            given = "service" if service else "site" if site else "department"
            if expected == "department_or_site":
                expected = "site" if site else "department"
            if given != expected:
                wanted = {
                    "department": "le département (ni site ni service)",
                    "site": "un site (« site », sans service)",
                    "service": "un service (« site » et « service »)",
                }[expected]
                check.fail(r_item.line, f"{r_where} : le rôle « {role} » se donne sur {wanted}")
                continue
            roles.append(_RoleSpec(role, site, service))
        if username and email and "@" in email:
            users.append(_UserSpec(username, email, name, roles))
    return users


def _check_labelling(check: OrgChecker, data: LineDict, places) -> list[_LabellingSpec]:
    result: list[_LabellingSpec] = []
    versions = {
        v.framework.code: v
        for v in FrameworkVersion.objects.filter(is_current=True)
        .select_related("framework")
        .prefetch_related("modules")
    }
    seen: dict[tuple, int] = {}
    for index, (line, item) in enumerate(_items(check, data, "labelling")):
        where = f"périmètre de labellisation n°{index + 1}"
        if not isinstance(item, LineDict):
            check.fail(line, f"{where} : une description {{site, framework, modules, since}} est attendue")
            continue
        check.unknown_keys(item, _LABELLING_KEYS, where)
        site, service = _check_place(check, item, where, places, site_required=True)
        code = check.text(item, "framework", where, max_length=60)
        version = versions.get(code) if code else None
        if code and version is None:
            check.fail(
                item.line_of("framework"), f"{where} : référentiel « {code} » inconnu ({', '.join(sorted(versions))})"
            )
        modules = item.get("modules")
        numbers: list[int] = []
        if (
            not isinstance(modules, list)
            or not modules
            or not all(isinstance(m, int) and not isinstance(m, bool) for m in modules)
        ):
            check.fail(
                item.line_of("modules"), f"{where} : « modules » attend une liste de numéros de module, par ex. [1, 3]"
            )
        elif version is not None:
            known = {m.number for m in version.modules.all()}
            unknown = [m for m in modules if m not in known]
            if unknown:
                check.fail(
                    item.line_of("modules"),
                    f"{where} : module(s) {', '.join(map(str, unknown))} absent(s) de {code} "
                    f"(modules : {', '.join(map(str, sorted(known)))})",
                )
            else:
                numbers = sorted(set(modules))
        since = item.get("since")
        if isinstance(since, str):
            try:
                since = dt.date.fromisoformat(since.strip())
            except ValueError:
                since = None
        if isinstance(since, dt.datetime) or not isinstance(since, dt.date):
            check.fail(item.line_of("since"), f"{where} : « since » attend une date AAAA-MM-JJ")
            since = None
        key = (site, service, code)
        if site and code and key in seen:
            check.fail(item.line, f"{where} : même lieu et même référentiel que ligne {seen[key]}")
            continue
        seen[key] = item.line
        if site and version is not None and numbers and since is not None:
            result.append(_LabellingSpec(site, service, version, numbers, since))
    return result


@transaction.atomic
def import_org_file(*, content: str | bytes, actor: User | None = None) -> ImportReport:
    """Create or update a department (sites, services, hours, closures), its people and roles, and its labelling
    scopes, from one YAML file. Raises FileRejected (nothing written) when any line is faulty."""
    data = load_yaml(content)
    check = OrgChecker()
    spec = check_org_data(data, check, extra_keys=frozenset({"users", "labelling"}))
    places = _places(spec)
    users = labelling = []
    if isinstance(data, LineDict):
        users = _check_users(check, data, places)
        labelling = _check_labelling(check, data, places)
    if check.errors or spec is None:
        raise FileRejected(sorted(check.errors, key=lambda e: e.line or 0))
    report = ImportReport()
    department = apply_org_spec(spec, report)
    sites = {s.code: s for s in Site.objects.filter(department=department)}
    services = {
        (s.site.code, s.code): s for s in Service.objects.filter(site__department=department).select_related("site")
    }
    for user_spec in users:
        _apply_user(user_spec, department, sites, services, report)
    for scope_spec in labelling:
        _apply_labelling(scope_spec, sites, services, report, actor)
    return report


def _apply_user(spec: _UserSpec, department, sites, services, report: ImportReport) -> None:
    first, last = split_name(spec.name)
    person = User.objects.filter(username=spec.username).first()
    created = person is None
    if person is None:
        person = User(username=spec.username, email=spec.email, first_name=first, last_name=last)
        person.set_unusable_password()
        person.full_clean(exclude=["password"])
        person.save()
        report.created.append(f"utilisateur {spec.username}")
    elif (person.email, person.first_name, person.last_name) != (spec.email, first, last):
        person.email, person.first_name, person.last_name = spec.email, first, last
        person.save(update_fields=["email", "first_name", "last_name"])
        report.updated.append(f"utilisateur {spec.username}")
    else:
        report.unchanged += 1
    given: list[RoleAssignment] = []
    for role in spec.roles:
        scope = {"department": None, "site": None, "service": None}
        if role.service:
            scope["service"] = services[(role.site, role.service)]
        elif role.site:
            scope["site"] = sites[role.site]
        else:
            scope["department"] = department
        assignment, new = RoleAssignment.objects.get_or_create(user=person, role=role.role, **scope)
        given.append(assignment)
        if new:
            report.created.append(f"rôle {role.role} de {spec.username}")
        else:
            report.unchanged += 1
    if created:
        queue_invitation(user=person, roles=[role_label(a) for a in given])


def _apply_labelling(spec: _LabellingSpec, sites, services, report: ImportReport, actor) -> None:
    site = sites[spec.site]
    service = services[(spec.site, spec.service)] if spec.service else None
    current = (
        LabellingScope.objects.filter(
            site=site, service=service, framework_version__framework=spec.version.framework, until=None
        )
        .prefetch_related("modules")
        .first()
    )
    label = f"périmètre {spec.site}{'/' + spec.service if spec.service else ''} {spec.version.framework.code}"
    if (
        current is not None
        and current.framework_version_id == spec.version.pk
        and current.since == spec.since
        and sorted(m.number for m in current.modules.all()) == spec.modules
    ):
        report.unchanged += 1
        return
    set_labelling_scope(
        actor=actor,
        site=site,
        service=service,
        framework_version=spec.version,
        modules=list(spec.version.modules.filter(number__in=spec.modules)),
        since=spec.since,
    )
    (report.updated if current is not None else report.created).append(label)
