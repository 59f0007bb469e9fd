"""Builds the demo departments from the seeds' public figures, through the same services as the UI.

Idempotent: running it again changes nothing and prints the same logins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import holidays
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from vigie.frameworks.models import FrameworkVersion, LabellingScope
from vigie.frameworks.services import set_labelling_scope
from vigie.organisation.enums import Role
from vigie.organisation.models import ClosureDay, Department, Service, Site
from vigie.organisation.services import add_closure, import_org
from vigie.people.services import give_role
from vigie.register.requests.indicator_cells import recompute_all_marked

from .action_plans import build_marne_current_plan, build_marne_plan_2023
from .audits import build_demo_audits
from .committees import build_demo_committees
from .documents import build_demo_documents
from .measurements import build_demo_measurements
from .national import build_national_demo
from .requests import build_loir_et_cher_2022, build_marne_current
from .surveys import build_demo_surveys

DATA = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "Vigie-demo-2026!"  # noqa: S105 - demo accounts only, printed on purpose


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    department: str | None = None
    site: str | None = None
    service: str | None = None

    @property
    def scope_label(self) -> str:
        if self.service:
            return f"service {self.site}/{self.service} ({self.department})"
        if self.site:
            return f"site {self.site} ({self.department})"
        return f"département {self.department}" if self.department else "national"


# Fictional people: the names in the seeds are not demo data.
USERS = [
    DemoUser("admin", "Camille", "Administratrice", Role.NATIONAL_ADMIN),
    DemoUser("referente.51", "Claire", "Moreau", Role.QUALITY_OFFICER, "51"),
    DemoUser("correspondant.reims", "Julien", "Petit", Role.SITE_CORRESPONDENT, "51", "sp-reims"),
    DemoUser("agent.etrangers.51", "Nadia", "Benali", Role.SERVICE_AGENT, "51", "pref-51", "etrangers"),
    DemoUser("agent.accueil.51", "Louis", "Garnier", Role.SERVICE_AGENT, "51", "pref-51", "accueil"),
    DemoUser("copil.51", "Hélène", "Roussel", Role.STEERING_READER, "51"),
    DemoUser("auditeur.51", "Marc", "Lefèvre", Role.AUDITOR, "51"),
    DemoUser("referent.16", "Paul", "Girard", Role.QUALITY_OFFICER, "16"),
    DemoUser("referente.41", "Sophie", "Lambert", Role.QUALITY_OFFICER, "41"),
]

# Labelling scopes stated in the seeds: (department, site, framework, modules, since)
SCOPES = [
    ("51", "pref-51", "qual-e-pref-2019", [1, 2], dt.date(2022, 6, 30)),
    ("51", "pref-51", "quali-ate-2024", [1, 2, 3, 4], dt.date(2024, 2, 2)),
    ("16", "pref-16", "qual-e-pref-2019", [1, 2], dt.date(2022, 7, 1)),
    ("41", "pref-41", "qual-e-pref-2019", [1, 4], dt.date(2022, 9, 1)),
]


def _closure_after_ascension(year: int) -> dt.date:
    """The 'pont de l'Ascension': the Friday after Ascension Thursday, a usual exceptional closure."""
    days = holidays.country_holidays("FR", years=year, language="fr")
    ascension = next(day for day, name in days.items() if name == "Ascension")
    return ascension + dt.timedelta(days=1)


@transaction.atomic
def build_demo() -> list[tuple[DemoUser, str]]:
    for path in sorted(DATA.glob("*.yaml")):
        import_org(content=path.read_bytes())
    year = timezone.localdate().year
    for site in Site.objects.filter(department__code__in=["51", "16", "41"], kind__in=["prefecture"]):
        for closure_year in (year, year + 1):
            date = _closure_after_ascension(closure_year)
            if not ClosureDay.objects.filter(site=site, date=date).exists():
                add_closure(actor=None, site=site, date=date, reason="Pont de l'Ascension")
    for department, site_code, framework, numbers, since in SCOPES:
        site = Site.objects.get(department__code=department, code=site_code)
        version = FrameworkVersion.objects.get(framework__code=framework, is_current=True)
        if LabellingScope.objects.filter(site=site, framework_version__framework__code=framework).exists():
            continue
        set_labelling_scope(
            actor=None,
            site=site,
            framework_version=version,
            modules=list(version.modules.filter(number__in=numbers)),
            since=since,
        )
    build_demo_measurements()
    build_national_demo()
    build_loir_et_cher_2022()
    build_marne_current()
    recompute_all_marked()  # the register's indicators of those requests, now (the worker would a second later)
    build_demo_audits()
    build_demo_committees()
    build_demo_surveys()
    result = []
    user_model = get_user_model()
    for spec in USERS:
        user, _ = user_model.objects.get_or_create(username=spec.username)
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.email = f"{spec.username}@demo.vigie.invalid"
        user.is_staff = user.is_superuser = spec.role == Role.NATIONAL_ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        scope = {}
        if spec.service:
            scope["service"] = Service.objects.get(
                site__department__code=spec.department, site__code=spec.site, code=spec.service
            )
        elif spec.site:
            scope["site"] = Site.objects.get(department__code=spec.department, code=spec.site)
        elif spec.department:
            scope["department"] = Department.objects.get(code=spec.department)
        give_role(actor=None, person=user, role=spec.role, **scope)  # as the « Personnes et rôles » screen does
        result.append((spec, DEMO_PASSWORD))
    build_marne_plan_2023()
    build_marne_current_plan()  # after the users: some of its actions are theirs
    build_demo_documents()  # last: it publishes the figures the rest has built
    return result
