"""Agent screens of the register. Access: SCOPED — each list and fetch goes through queries.visible_requests;
answering needs queries.can_answer (403 otherwise); creating needs a service the user may answer for."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from vigie.core.access import SCOPED, access
from vigie.core.calendar import WorkingCalendar
from vigie.organisation.perms import scope_for
from vigie.organisation.queries import visible_services, visible_sites

from . import services
from .forms import HoldingReplyForm, ReplyForm, RequestCreateForm, RequestFilterForm
from .models import Theme
from .queries import can_answer, get_request_for_user, visible_requests

SOON_WORKING_DAYS = 2
TABS = [
    ("late", "En retard"),
    ("today", "Échéance aujourd'hui"),
    ("soon", "Échéance proche"),
    ("unassigned", "Non attribuées"),
    ("open", "Toutes les ouvertes"),
    ("all", "Toutes"),
]


def _answerable_services(user):
    scope = scope_for(user)
    qs = visible_services(user).select_related("site__department")
    if scope.national:
        return list(qs)
    return [
        s
        for s in qs
        if s.site.department_id in scope.manage_departments
        or s.site_id in scope.manage_sites
        or s.pk in scope.read_services
    ]


@access(SCOPED)
def request_list(request):
    today = timezone.localdate()
    base = visible_requests(request.user).select_related("site", "service").prefetch_related("themes")
    sites = list(visible_sites(request.user).order_by("name"))
    svc = list(visible_services(request.user).select_related("site").order_by("name"))
    themes = Theme.objects.filter(department__in={s.department_id for s in sites}).order_by("name")
    form = RequestFilterForm(request.GET or None, sites=sites, services=svc, themes=themes)
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
    open_requests = base.filter(replied_at=None)
    soon_limit = WorkingCalendar.for_department("75").due_date(today, SOON_WORKING_DAYS)
    tab = request.GET.get("onglet", "late")
    selections = {
        "late": open_requests.filter(due_date__lt=today),
        "today": open_requests.filter(due_date=today),
        "soon": open_requests.filter(due_date__gt=today, due_date__lte=soon_limit),
        "unassigned": open_requests.filter(service=None),
        "open": open_requests,
        "all": base,
    }
    if tab not in selections:
        tab = "late"
    counts = {key: qs.count() for key, qs in selections.items() if key != "all"}
    rows = list(selections[tab].order_by("due_date", "received_at")[:200])
    return render(
        request,
        "register/request_list.html",
        {
            "title": "Demandes des usagers",
            "form": form,
            "tabs": [(k, label, counts.get(k)) for k, label in TABS],
            "tab": tab,
            "rows": rows,
            "today": today,
            "query": request.GET.urlencode(),
            "can_create": bool(_answerable_services(request.user)),
        },
    )


@access(SCOPED)
def request_detail(request, reference: str):
    user_request = get_request_for_user(request.user, reference)
    answerable = can_answer(request.user, user_request) and user_request.replied_at is None
    form = ReplyForm(request.POST or None, initial={"replied_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    holding_form = HoldingReplyForm(request.POST if "holding_text" in request.POST else None)
    if request.method == "POST" and "holding_text" in request.POST:
        if not can_answer(request.user, user_request):
            raise PermissionDenied
        if holding_form.is_valid():
            services.record_holding_reply(
                actor=request.user,
                request=user_request,
                text=holding_form.cleaned_data["holding_text"],
                at=timezone.now(),
            )
            messages.success(request, "Message d'attente enregistré (l'échéance ne change pas).")
            return redirect("request_detail", reference=user_request.reference)
        form = ReplyForm(initial=form.initial)
    elif request.method == "POST":
        if not can_answer(request.user, user_request):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.reply_to_request(
                    actor=request.user,
                    request=user_request,
                    text=form.cleaned_data["text"],
                    replied_at=form.cleaned_data["replied_at"].replace(tzinfo=None),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"Réponse enregistrée pour la demande {user_request.reference}.")
                return redirect("request_detail", reference=user_request.reference)
    return render(
        request,
        "register/request_detail.html",
        {
            "title": f"Demande {user_request.reference}",
            "r": user_request,
            "form": form if answerable else None,
            "holding_form": holding_form if answerable else None,
            "themes": list(user_request.themes.all()),
        },
        status=400 if form.errors or holding_form.errors else 200,
    )


@access(SCOPED)
def request_create(request):
    allowed = _answerable_services(request.user)
    if not allowed:
        raise PermissionDenied
    form = RequestCreateForm(request.POST or None, services=allowed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service = data["service"]
        created = services.create_request(
            actor=request.user,
            site=service.site,
            service=service,
            kind=data["kind"],
            channel=data["channel"],
            received_at=data["received_at"].replace(tzinfo=None),
            subject=data["subject"],
            text=data["text"],
            themes=[t.strip() for t in data["themes"].split(";") if t.strip()],
            requester={"name": data["requester_name"], "email": data["requester_email"]},
        )
        messages.success(
            request,
            f"Demande {created.reference} enregistrée ; échéance le {created.due_date:%d/%m/%Y}."
            if created.due_date
            else f"Demande {created.reference} enregistrée.",
        )
        return redirect("request_detail", reference=created.reference)
    return render(
        request,
        "register/request_form.html",
        {"title": "Enregistrer une demande", "form": form},
        status=400 if form.errors else 200,
    )


@access(SCOPED)
def request_analysis(request):
    """Yearly analysis of the requests in scope: counts and shares by kind, channel, site and theme."""
    from django.db.models import Count

    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = timezone.localdate().year
    requests = visible_requests(request.user).filter(received_date__year=year)
    total = requests.count()
    complaints = requests.filter(kind__in=["complaint", "suggestion"])
    complaint_total = complaints.count()

    def shares(qs, field, labels=None, base=None):
        base = base if base is not None else total
        rows = qs.values(field).annotate(n=Count("pk", distinct=True)).order_by("-n")
        return [
            {
                "label": (labels or {}).get(r[field], r[field]) or "—",
                "count": r["n"],
                "share": r["n"] * 100 / base if base else None,
            }
            for r in rows
        ]

    from .enums import Channel, Kind

    return render(
        request,
        "register/analysis.html",
        {
            "title": f"Analyse des demandes {year}",
            "year": year,
            "total": total,
            "complaint_total": complaint_total,
            "by_kind": shares(requests, "kind", dict(Kind.choices)),
            "by_channel": shares(requests, "channel", dict(Channel.choices)),
            "by_site": shares(requests, "site__name"),
            "by_theme": shares(complaints.filter(themes__isnull=False), "themes__name", base=complaint_total),
        },
    )
