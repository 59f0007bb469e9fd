"""Mystery-shopper pages. Access: SCOPED — campaigns come through scoped queries (404 outside the scope); creating a
campaign, entering school holidays and raising actions need the department's management right (403); evaluating a
contact needs its service in one's scope (the quality officer, the site's correspondent, the service's agents)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vigie.core.access import SCOPED, access
from vigie.core.idempotency import Answer, KeyReused, form_content, once
from vigie.organisation.perms import can_manage_department
from vigie.organisation.queries import get_department_for_user, visible_sites
from vigie.surveys.actions import raise_from_mystery_result

from .forms import EvaluationForm, MysteryCampaignForm, SchoolHolidayForm
from .grid import DELAY, grid
from .models import MysteryChannel, SchoolHoliday
from .queries import (
    department_mystery_campaigns,
    evaluation_services,
    get_contact,
    get_mystery_campaign_for_user,
    mystery_results,
)
from .services import MysteryRejected, add_school_holiday, create_mystery_campaign, record_evaluation
from .zones import DEPARTMENT_ZONES


def _add_errors(form, exc: MysteryRejected) -> None:
    for field, message in exc.errors:
        form.add_error(field if field in form.fields else None, message)


@access(SCOPED)
def mystery_campaigns(request, code: str):
    department = get_department_for_user(request.user, code)
    manage = can_manage_department(request.user, department)
    sites = visible_sites(request.user).filter(department=department).order_by("name")
    form = MysteryCampaignForm(request.POST or None, sites=sites)
    status = 200
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data

            def create() -> Answer:
                campaign = create_mystery_campaign(
                    actor=request.user,
                    department=department,
                    site=form.sites[data["site"]],
                    channel=data["channel"],
                    title=data["title"],
                    planned_from=data["planned_from"],
                    contacts=data["contacts"],
                )
                return Answer(201, {"id": str(campaign.public_id)})

            try:
                answer, _ = once(
                    user=request.user,
                    scope="form:mystery_campaign",
                    key=data.get("once"),
                    content=form_content(data, without=("once",)),
                    create=create,
                )
            except MysteryRejected as exc:
                _add_errors(form, exc)
            except KeyReused as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("mystery_campaign_detail", campaign_id=answer.body["id"])
        status = 400
    return render(
        request,
        "surveys/mystery_campaigns.html",
        {
            "title": f"Enquêtes mystère — {department.name}",
            "department": department,
            "campaigns": department_mystery_campaigns(request.user, department),
            "form": form if manage else None,
            "own_holidays": department.code not in DEPARTMENT_ZONES,
        },
        status=status,
    )


@access(SCOPED)
def mystery_campaign_detail(request, campaign_id):
    campaign = get_mystery_campaign_for_user(request.user, campaign_id)
    allowed = evaluation_services(request.user, campaign)
    return render(
        request,
        "surveys/mystery_campaign.html",
        {
            "title": campaign.title,
            "campaign": campaign,
            "department": campaign.department,
            "results": mystery_results(campaign),
            "contacts": list(campaign.contacts.select_related("service").order_by("date", "-half_day")),
            "allowed": allowed,
            "can_manage": can_manage_department(request.user, campaign.department),
        },
    )


@access(SCOPED)
def mystery_contact_entry(request, campaign_id, contact_id):
    campaign = get_mystery_campaign_for_user(request.user, campaign_id)
    contact = get_contact(campaign, contact_id)
    allowed = evaluation_services(request.user, campaign)
    if contact.service_id not in allowed:
        raise PermissionDenied
    initial = dict(contact.values)
    if contact.replied_on:
        initial["replied_on"] = contact.replied_on
    form = EvaluationForm(request.POST or None, channel=campaign.channel, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {c.code: data.get(c.code) or "" for c in grid(campaign.channel) if c.code != DELAY}
        if campaign.channel == MysteryChannel.PHONE and data.get(DELAY) is not None:
            values[DELAY] = str(data[DELAY])
        try:
            record_evaluation(
                actor=request.user,
                contact=contact,
                values=values,
                replied_on=data.get("replied_on"),
                allowed_services=allowed,
            )
        except MysteryRejected as exc:
            _add_errors(form, exc)
        else:
            return redirect("mystery_campaign_detail", campaign_id=campaign.public_id)
    return render(
        request,
        "surveys/mystery_contact.html",
        {
            "title": f"Évaluation du contact du {contact.date:%d/%m/%Y}",
            "campaign": campaign,
            "department": campaign.department,
            "contact": contact,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@access(SCOPED)
@require_POST
def mystery_raise_action(request, campaign_id):
    campaign = get_mystery_campaign_for_user(request.user, campaign_id)
    if not can_manage_department(request.user, campaign.department):
        raise PermissionDenied
    results = mystery_results(campaign)
    code, service = request.POST.get("criterion", ""), request.POST.get("service", "")
    rates = results.overall
    if service:
        rates = next((r for s, r in results.by_service if s.code == service), None)
        if rates is None:
            return HttpResponseBadRequest("Service hors de l'enquête.")
    result = next((r for r in rates if r.criterion.code == code), None)
    if result is None:
        return HttpResponseBadRequest("Critère inconnu : choisissez le critère de l'action.")
    action = raise_from_mystery_result(actor=request.user, campaign=campaign, result=result)
    return redirect("action_detail", action_id=action.public_id)


@access(SCOPED)
def school_holidays(request, code: str):
    department = get_department_for_user(request.user, code)
    manage = can_manage_department(request.user, department)
    form = SchoolHolidayForm(request.POST or None)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if "delete" in request.POST:
            key = request.POST.get("delete", "")
            if key.isdigit():
                SchoolHoliday.objects.filter(department=department, pk=int(key)).delete()
            return redirect("school_holidays", code=department.code)
        if form.is_valid():
            try:
                add_school_holiday(department=department, **form.cleaned_data)
            except MysteryRejected as exc:
                _add_errors(form, exc)
            else:
                return redirect("school_holidays", code=department.code)
    return render(
        request,
        "surveys/school_holidays.html",
        {
            "title": f"Vacances scolaires — {department.name}",
            "department": department,
            "zone": DEPARTMENT_ZONES.get(department.code),
            "holidays": SchoolHoliday.objects.filter(department=department).order_by("start"),
            "form": form if manage else None,
        },
        status=400 if form.errors else 200,
    )
