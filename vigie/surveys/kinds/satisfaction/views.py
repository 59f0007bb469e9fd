"""The staff's survey pages. Access: SCOPED — departments and campaigns come through scoped queries (404 outside
the scope); configuring (criteria, questionnaires, campaigns) needs the department's management right (403);
typing paper forms needs a service of the campaign in one's scope (the quality officer, the site correspondent,
the service's agents; 403 for read-only roles)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vigie.core.access import SCOPED, access
from vigie.core.idempotency import Answer, KeyReused, once
from vigie.organisation.perms import can_manage_department
from vigie.organisation.queries import get_department_for_user, visible_sites
from vigie.surveys.actions import raise_from_survey_criterion
from vigie.surveys.charts import bar_chart
from vigie.surveys.enums import ResponseChannel, Scale

from .exports import results_xlsx
from .forms import CampaignForm, CriterionForm, QuestionnaireForm
from .models import QuestionnaireVersion
from .posters import poster_pdf, public_url, qr_png, qr_svg
from .queries import (
    campaign_results,
    campaign_site,
    department_campaigns,
    entry_services,
    get_campaign_for_user,
    paper_rows,
)
from .rules import GLOBAL_RULE, INTERVAL_RULE, PAPER_KEYS, AnswerError, paper_value
from .services import (
    ResponseInput,
    SurveyRejected,
    add_criterion,
    create_campaign,
    create_questionnaire,
    criteria_for,
    record_response,
)


def _managed_department(request, code: str):
    department = get_department_for_user(request.user, code)
    if not can_manage_department(request.user, department):
        raise PermissionDenied
    return department


@access(SCOPED)
def survey_list(request, code: str):
    department = get_department_for_user(request.user, code)
    return render(
        request,
        "surveys/survey_list.html",
        {
            "title": f"Enquêtes de satisfaction — {department.name}",
            "department": department,
            "campaigns": department_campaigns(request.user, department),
            "can_manage": can_manage_department(request.user, department),
            "versions": QuestionnaireVersion.objects.filter(questionnaire__department=department)
            .select_related("questionnaire")
            .annotate(campaign_count=Count("campaigns"))
            .order_by("questionnaire__title", "number"),
            "criteria": sorted(criteria_for(department).values(), key=lambda s: (s.shipped, s.theme, s.code)),
        },
    )


def _configure(request, department, form, *, title: str, submit: str, save):
    """A configuration form: `save(data)` calls the service and returns where to go; a refusal comes back on the
    form, with nothing written."""
    if request.method == "POST" and form.is_valid():
        try:
            return redirect(save(form.cleaned_data))
        except SurveyRejected as exc:
            for _, column, message in exc.errors:
                form.add_error(column if column in form.fields else None, message)
    return render(
        request,
        "surveys/simple_form.html",
        {"title": title, "department": department, "form": form, "submit": submit},
        status=400 if form.errors else 200,
    )


@access(SCOPED)
def criterion_create(request, code: str):
    department = _managed_department(request, code)
    form = CriterionForm(request.POST or None)

    def save(data) -> str:
        add_criterion(
            actor=request.user,
            department=department,
            code=data["code"],
            label=data["label"],
            scale=data["scale"],
            theme=data["theme"],
            choices=form.choice_list(),
        )
        return reverse("survey_list", kwargs={"code": department.code})

    return _configure(request, department, form, title="Nouveau critère", submit="Ajouter le critère", save=save)


@access(SCOPED)
def questionnaire_create(request, code: str):
    department = _managed_department(request, code)
    specs = sorted(criteria_for(department).values(), key=lambda s: (s.theme, s.code))
    form = QuestionnaireForm(request.POST or None, specs=specs)

    def save(data) -> str:
        create_questionnaire(actor=request.user, department=department, title=data["title"], criteria=data["criteria"])
        return reverse("survey_list", kwargs={"code": department.code})

    return _configure(request, department, form, title="Nouveau questionnaire", submit="Créer", save=save)


@access(SCOPED)
def campaign_create(request, code: str):
    department = _managed_department(request, code)
    versions = QuestionnaireVersion.objects.filter(questionnaire__department=department).select_related("questionnaire")
    sites = visible_sites(request.user).filter(department=department).order_by("name")
    form = CampaignForm(request.POST or None, versions=versions, sites=sites)

    def save(data) -> str:
        campaign = create_campaign(
            actor=request.user,
            department=department,
            title=data["title"],
            version=form.versions[data["version"]],
            start=data["start"],
            end=data["end"],
            sites=[form.sites[c] for c in data["sites"]],
            channels=data["channels"],
        )
        return reverse("campaign_detail", kwargs={"campaign_id": campaign.public_id})

    return _configure(request, department, form, title="Nouvelle campagne", submit="Créer la campagne", save=save)


def _results_for(request, campaign):
    site_code = request.GET.get("site", "")
    site = campaign_site(campaign, site_code) if site_code else None
    return campaign_results(campaign, site=site)


@access(SCOPED)
def campaign_detail(request, campaign_id):
    campaign = get_campaign_for_user(request.user, campaign_id)
    results = _results_for(request, campaign)
    # the chart is of satisfaction rates: a yes/no question's share of « oui » is no satisfaction (it is in the table)
    rated = [c for c in results.criteria if c.rate is not None and c.scale == Scale.SATISFACTION]
    sites = list(campaign.sites.order_by("name"))
    manage = can_manage_department(request.user, campaign.department)
    return render(
        request,
        "surveys/campaign_detail.html",
        {
            "title": campaign.title,
            "campaign": campaign,
            "department": campaign.department,
            "results": results,
            "sites": sites,
            "chart": bar_chart(
                labels=[c.label for c in rated],
                values=[float(c.rate) for c in rated],
                name="Taux de satisfaction (%)",
                unit="%",
                maximum=100,
            )
            if rated
            else None,
            "public_links": [
                (site, public_url(campaign, site), qr_svg(public_url(campaign, site), scale=3)) for site in sites
            ],
            "kiosk_links": [
                (
                    site,
                    request.build_absolute_uri(
                        reverse("kiosk_survey", kwargs={"token": campaign.kiosk_token, "site_code": site.code})
                    ),
                )
                for site in sites
            ]
            if manage and ResponseChannel.KIOSK in campaign.channels
            else [],
            "can_enter": bool(entry_services(request.user, campaign)),
            "can_import": manage,
            "can_manage": manage,
            "interval_rule": INTERVAL_RULE,
            "global_rule": GLOBAL_RULE,
        },
    )


@access(SCOPED)
def campaign_results_xlsx(request, campaign_id):
    campaign = get_campaign_for_user(request.user, campaign_id)
    return results_xlsx(_results_for(request, campaign))


@access(SCOPED)
def campaign_qr(request, campaign_id, site_code: str):
    campaign = get_campaign_for_user(request.user, campaign_id)
    site = campaign_site(campaign, site_code)
    response = HttpResponse(qr_png(public_url(campaign, site)), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="qr-{site.code}.png"'
    return response


@access(SCOPED)
def campaign_poster(request, campaign_id, site_code: str):
    campaign = get_campaign_for_user(request.user, campaign_id)
    site = campaign_site(campaign, site_code)
    response = HttpResponse(poster_pdf(campaign, site), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="affiche-{site.code}.pdf"'
    return response


@access(SCOPED)
def paper_entry(request, campaign_id):
    """The keyboard-first grid: one row per paper form, one key per answer; Enter records the row (with JavaScript,
    in the background: rows wait in the browser until the server has them, even past the end of the session)."""
    campaign = get_campaign_for_user(request.user, campaign_id)
    services = entry_services(request.user, campaign)
    if not services:
        raise PermissionDenied
    questions = list(campaign.version.questions.all())
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    errors: list[str] = []
    if request.method == "POST":
        by_key = {f"{s.site.code}/{s.code}": s for s in services}
        service = by_key.get(request.POST.get("service", ""))
        answers = {}
        if service is None:
            errors.append("Service : choisissez le service du questionnaire.")
        for position, question in enumerate(questions, start=1):
            try:
                value = paper_value(question.scale, request.POST.get(f"q_{question.code}", ""), question.choices)
            except AnswerError as exc:
                errors.append(f"Question {position} ({question.code}) : {exc}")
                continue
            answers[question.code] = value
        if not errors:
            manage = can_manage_department(request.user, campaign.department)
            item = ResponseInput(
                site=service.site.code, service=service.code, channel=ResponseChannel.PAPER, answers=answers
            )

            def create() -> Answer:
                response = record_response(
                    actor=request.user,
                    campaign=campaign,
                    item=item,
                    allowed_services=None if manage else {s.pk for s in services},
                )
                return Answer(201, {"number": response.number})

            try:
                answer, _replayed = once(
                    user=request.user,
                    scope="form:paper_entry",
                    key=(request.POST.get("once") or "")[:100] or None,
                    content={
                        "campaign": str(campaign.public_id),
                        "service": request.POST.get("service"),
                        "answers": answers,
                    },
                    create=create,
                )
            except KeyReused as exc:
                errors.append(exc.message)
            except SurveyRejected as exc:
                errors.extend(f"{column} : {message}" for _, column, message in exc.errors)
            else:
                number = answer.body["number"]
                count = campaign.responses.filter(channel=ResponseChannel.PAPER, entered_by=request.user).count()
                if wants_json:
                    return JsonResponse({"number": number, "count": count})
                return redirect(f"{request.path}?service={request.POST['service']}&dernier={number}")
        if wants_json:
            return JsonResponse({"errors": errors}, status=400)
    rows = paper_rows(campaign, request.user)
    last = request.GET.get("dernier", "")
    return render(
        request,
        "surveys/paper_entry.html",
        {
            "title": f"Saisie des questionnaires papier — {campaign.title}",
            "campaign": campaign,
            "department": campaign.department,
            "services": [(f"{s.site.code}/{s.code}", s) for s in services],
            "selected_service": request.POST.get("service") or request.GET.get("service", ""),
            "questions": questions,
            "keys": PAPER_KEYS,
            "rows": rows,
            "errors": errors,
            "last": last if last.isdigit() else "",
        },
        status=400 if errors else 200,
    )


@access(SCOPED)
@require_POST
def survey_raise_action(request, campaign_id):
    """An action of the department's plan from a criterion's result (origin: the campaign's criterion)."""
    campaign = get_campaign_for_user(request.user, campaign_id)
    if not can_manage_department(request.user, campaign.department):
        raise PermissionDenied
    results = campaign_results(campaign)
    criterion = next((c for c in results.criteria if c.code == request.POST.get("criterion")), None)
    if criterion is None:
        return HttpResponseBadRequest("Critère inconnu : choisissez le critère de l'action.")
    action = raise_from_survey_criterion(actor=request.user, campaign=campaign, criterion=criterion)
    return redirect("action_detail", action_id=action.public_id)
