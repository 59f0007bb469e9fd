"""Demo action plans, through improvement's services.

- The Marne's 2023 plan from its committee deck of February 2024: 2 axes, 6 themes, 26 actions, read from
  data/51-plan-action-2023.csv with the deck's published rates « à 6 mois ». The deck gives each theme's rate but
  not its number of actions: the file splits the 26 actions 5, 5, 4, 6, 4 and 2, one of the splits for which the mean
  of the 26 actions is the deck's 46 %, and gives each action a progress such that on 30 June 2023 the themes are
  exactly 56, 70, 49, 28, 34 and 33 %. The actions enter the plan on 16 January 2023; later progress (15 December
  2023) and an abandoned action (2 October 2023) show that the rates « at a date » come from the history.
- A plan of the current year with actions owned by demo users, due soon, due later and overdue, dated from today.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from vigie.improvement import services
from vigie.improvement.enums import ActionStatus, RollUpRule
from vigie.improvement.importing import parse_plan
from vigie.improvement.models import Action, ActionPlan
from vigie.organisation.models import Department, Service, Site

DATA = Path(__file__).resolve().parent / "data"
MARNE_PLAN_FILE = DATA / "51-plan-action-2023.csv"
MARNE_OPENED_ON = dt.date(2023, 1, 16)
MARNE_SIX_MONTHS = dt.date(2023, 6, 30)
MARNE_YEAR_END = dt.date(2023, 12, 15)
MARNE_ABANDONED = ("Aménagement du hall d'accueil", dt.date(2023, 10, 2), "Travaux reportés au budget 2024")


def build_marne_plan_2023() -> ActionPlan:
    department = Department.objects.get(code="51")
    plan = ActionPlan.objects.filter(department=department, site=None, year=2023).first()
    if plan is not None:
        return plan
    plan = services.import_plan(
        actor=None,
        department=department,
        year=2023,
        on=MARNE_SIX_MONTHS,
        opened_on=MARNE_OPENED_ON,
        parsed=parse_plan(MARNE_PLAN_FILE.read_bytes(), MARNE_PLAN_FILE.name),
        rule=RollUpRule.ACTIONS,
    )
    prefecture = Site.objects.get(department=department, code="pref-51")
    title, abandoned_on, reason = MARNE_ABANDONED
    for action in Action.objects.filter(theme__axis__plan=plan).order_by("id"):
        services.update_action(actor=None, action=action, on=MARNE_SIX_MONTHS, sites=[prefecture])
        if action.title == title:
            services.update_action(
                actor=None, action=action, on=abandoned_on, status=ActionStatus.ABANDONED, abandon_reason=reason
            )
        elif action.progress < 100:
            services.record_progress(
                actor=None, action=action, progress=min(100, action.progress + 30), on=MARNE_YEAR_END
            )
    return plan


# (title, owner username or service code, days opened ago, days due from today, progress)
CURRENT_ACTIONS = [
    ("Mettre à jour le message d'attente du serveur vocal", "agent.accueil.51", 20, 10, 40),
    ("Afficher les horaires d'été à l'accueil", "accueil", 20, -3, 0),
    ("Former deux agents à l'accueil des personnes sourdes", "agent.etrangers.51", 20, 60, 10),
]


def build_marne_current_plan(today: dt.date | None = None) -> ActionPlan:
    """The current year's plan: actions owned by demo users or services, one overdue, one due soon."""
    today = today or timezone.localdate()
    department = Department.objects.get(code="51")
    plan = services.get_or_create_plan(actor=None, department=department, year=today.year, rule=RollUpRule.THEMES)
    theme = services.get_or_create_theme(
        axis=services.get_or_create_axis(plan=plan, title="Accueil et information des usagers"),
        title="Accueil physique et téléphonique",
    )
    existing = set(Action.objects.filter(theme=theme).values_list("title", flat=True))
    users = get_user_model().objects
    for title, owner, opened_ago, due_in, progress in CURRENT_ACTIONS:
        if title in existing:
            continue
        owner_user = users.filter(username=owner).first()
        owner_service = None
        if owner_user is None and "." not in owner:
            owner_service = Service.objects.filter(
                site__department=department, site__code="pref-51", code=owner
            ).first()
        action = services.create_action(
            actor=None,
            theme=theme,
            title=title,
            on=today - dt.timedelta(days=opened_ago),
            due_date=today + dt.timedelta(days=due_in),
            owner_user=owner_user,
            owner_service=owner_service,
            sites=list(Site.objects.filter(department=department, code="pref-51")),
        )
        if progress:
            services.record_progress(actor=None, action=action, progress=progress, on=today - dt.timedelta(days=7))
    return plan
