"""The selection of the request list: the user's scope, narrowed by the filter form, split into tabs. Shared by
the list, its spreadsheet export (direct or in the background) so that a file always holds what the list showed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict

from vigie.organisation.models import Service
from vigie.organisation.perms import scope_for
from vigie.organisation.queries import visible_services, visible_sites
from vigie.register.models import Theme
from vigie.register.requests.forms import RequestFilterForm
from vigie.register.requests.queries import (
    AWAITING,
    REOPENED,
    UNANSWERED,
    department_days,
    due_filters,
    visible_requests,
)

TABS = [
    ("late", "En retard"),
    ("today", "Échéance aujourd'hui"),
    ("soon", "Échéance proche"),
    ("unassigned", "Non attribuées"),
    ("reopened", "Rouvertes"),
    ("open", "Toutes les ouvertes"),
    ("all", "Toutes"),
]
# the query-string keys that define a selection (the page number does not)
SELECTION_KEYS = ("onglet", "site", "service", "kind", "channel", "status", "theme")


@dataclass
class Selection:
    form: RequestFilterForm
    tab: str
    tabs: dict[str, QuerySet]  # each tab's requests
    days: dict[int, tuple[dt.date, dt.date]]  # department pk → (its today, last day of « due soon »)
    conditions: dict[str, Q] | None = None  # each tab but « all »: its condition on the selection's requests
    services: list[Service] | None = None  # the services the user sees (with their site and department)

    def counts(self) -> dict[str, int]:
        """The number of requests of every tab but « all », in one statement: conditional counts over the open
        requests of the selection (every such tab is a part of them, found through the open-requests indexes). On
        the « all » tab, whose page needs its own total anyway, the same statement counts every request of the
        selection too (key « all »)."""
        base = self.tabs["all"]
        if not self.conditions:
            return {key: qs.count() for key, qs in self.tabs.items() if key != "all"}
        counts = {key: Count("pk", filter=q) for key, q in self.conditions.items()}
        if self.tab == "all":
            return base.aggregate(all=Count("pk"), **counts)
        return base.filter(AWAITING | UNANSWERED).aggregate(**counts)

    @property
    def requests(self) -> QuerySet:
        return self.tabs[self.tab]

    @property
    def label(self) -> str:
        return dict(TABS)[self.tab]


def selection_query(params: QueryDict) -> str:
    """The part of a query string that defines the selection, in a stable order."""
    kept = QueryDict(mutable=True)
    for key in SELECTION_KEYS:
        if params.get(key):
            kept[key] = params[key]
    return kept.urlencode()


def tab_querysets(user, base, now: dt.datetime | None = None) -> tuple[dict[str, QuerySet], dict]:
    """The tabs' querysets; « late », « today » and « soon » at each department's own date (queries.due_filters)."""
    days = department_days(user, now)
    due = due_filters(days)
    tabs = {key: base.filter(condition) for key, condition in tab_conditions(due).items()}
    tabs["all"] = base
    return tabs, days


def tab_conditions(due: dict[str, Q]) -> dict[str, Q]:
    """Each tab's condition but « all »'s (none): every one is a part of AWAITING | UNANSWERED."""
    return {
        "late": UNANSWERED & due["late"],
        "today": UNANSWERED & due["today"],
        "soon": UNANSWERED & due["soon"],
        "unassigned": AWAITING & Q(service=None),
        # answered, then reopened: they await a further reply, with no new due date (the first reply was judged)
        "reopened": REOPENED,
        "open": AWAITING,
    }


def select(user, params: QueryDict, now: dt.datetime | None = None) -> Selection:
    """The requests the user sees, narrowed by the filters in `params` (invalid values are ignored and shown by
    the form), split into tabs; the chosen tab is `onglet` (« late » by default)."""
    base = visible_requests(user)
    services = list(visible_services(user).select_related("site__department").order_by("name"))
    scope = scope_for(user)
    if scope.national or scope.read_departments or scope.read_sites:
        sites = list(visible_sites(user).order_by("name"))
    else:  # an agent sees the sites of their services, and no other: no second query
        sites = sorted({s.site_id: s.site for s in services}.values(), key=lambda site: (site.name.casefold(), site.pk))
    themes = Theme.objects.filter(department__in={s.department_id for s in sites}).order_by("name")
    form = RequestFilterForm(params or None, sites=sites, services=services, themes=themes)
    if form.is_valid():
        data = form.cleaned_data
        if data["site"]:
            base = base.filter(site__code=data["site"])
        if data["service"]:
            base = base.filter(service_id=data["service"])
        for field in ("kind", "channel", "status"):
            if data[field]:
                base = base.filter(**{field: data[field]})
        if data["theme"]:
            base = base.filter(themes__pk=data["theme"])
    tabs, days = tab_querysets(user, base, now)
    tab = params.get("onglet", "late")
    conditions = tab_conditions(due_filters(days))
    return Selection(
        form=form,
        tab=tab if tab in tabs else "late",
        tabs=tabs,
        days=days,
        conditions=conditions,
        services=services,
    )
