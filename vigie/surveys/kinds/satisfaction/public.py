"""The respondent's pages, without an account. Access: PUBLIC.

- The QR code's page (one per campaign and site): a honeypot, a limit on accepted answers per address
  (SURVEY_PUBLIC_RATE), core/idempotency's one-time token against a double submission (double click, reload);
  then a thank-you page.
- The kiosk (a tablet in the hall, at an address holding the campaign's kiosk secret): after each answer it comes
  back empty with a thank-you line; nothing is remembered (no-store), its allowance is its own (SURVEY_KIOSK_RATE).
No answer records who answered: neither the address nor the browser."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from vigie.core.access import PUBLIC, access
from vigie.core.idempotency import Answer, KeyReused, form_content, once
from vigie.core.public_forms import is_robot, over_public_rate
from vigie.surveys.enums import ResponseChannel

from .forms import SurveyForm
from .queries import public_campaign_site, site_services
from .services import ResponseInput, SurveyRejected, campaign_today, record_response

ANY_POST_RATE = "120/h"  # beyond this, even refused posts are answered 429 (a robot hammering the page)


class TooMany(Exception):
    pass


TOO_MANY = (
    "Plusieurs réponses ont déjà été envoyées depuis votre connexion dans l'heure\u202f: celle-ci n'est pas "
    "enregistrée. Vos réponses sont conservées ci-dessous\u00a0; réessayez plus tard."
)


def _survey(request, campaign, site, *, channel: str, rate_group: str, rate: str, rate_key: str, done_url: str):
    services = site_services(campaign, site)
    questions = list(campaign.version.questions.all())
    is_open = campaign.start <= campaign_today(campaign) <= campaign.end
    form = SurveyForm(request.POST or None, questions=questions, services=services)
    status = 200
    if request.method == "POST" and is_open:
        if form.is_valid():
            if is_robot(form):
                return redirect(done_url)
            item = ResponseInput(site=site.code, service=form.service_code(), channel=channel, answers=form.answers())

            def create() -> Answer:
                if over_public_rate(request, group=rate_group, rate=rate, key=rate_key):
                    raise TooMany
                response = record_response(actor=None, campaign=campaign, item=item)
                return Answer(201, {"number": response.number})

            try:
                once(
                    user=None,
                    scope=f"form:survey_{channel}",
                    key=form.cleaned_data.get("once"),
                    content={
                        "campaign": str(campaign.public_id),
                        "site": site.code,
                        **form_content(form.cleaned_data, without=("once", "website")),
                    },
                    create=create,
                )
            except TooMany:
                form.add_error(None, TOO_MANY)
                status = 429
            except KeyReused:
                return redirect(done_url)  # the same form sent again with other answers: the first one counts
            except SurveyRejected as exc:
                for _, _, message in exc.errors:
                    form.add_error(None, message)
            else:
                return redirect(done_url)
        status = status if status != 200 else 400
    response = render(
        request,
        "surveys/public_survey.html",
        {
            "title": campaign.title,
            "campaign": campaign,
            "site": site,
            "department": campaign.department,
            "public_department": campaign.department,
            "form": form,
            "is_open": is_open,
            "kiosk": channel == ResponseChannel.KIOSK,
            "thanks": channel == ResponseChannel.KIOSK and request.GET.get("merci") == "1",
            "kiosk_url": request.path,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@access(PUBLIC)
@ratelimit(key="ip", rate=ANY_POST_RATE, method="POST", block=True, group="public_survey_posts")
def public_survey(request, campaign_id, site_code: str):
    campaign, site = public_campaign_site(campaign_id=campaign_id, site_code=site_code)
    done = reverse("public_survey_thanks", kwargs={"campaign_id": campaign.public_id, "site_code": site.code})
    return _survey(
        request,
        campaign,
        site,
        channel=ResponseChannel.QR,
        rate_group="public_survey_answers",
        rate=settings.SURVEY_PUBLIC_RATE,
        rate_key="ip",
        done_url=done,
    )


@access(PUBLIC)
def public_survey_thanks(request, campaign_id, site_code: str):
    campaign, site = public_campaign_site(campaign_id=campaign_id, site_code=site_code)
    return render(
        request,
        "surveys/public_thanks.html",
        {
            "title": "Merci pour votre avis",
            "campaign": campaign,
            "site": site,
            "department": campaign.department,
            "public_department": campaign.department,
        },
    )


def _kiosk_key(group, request) -> str:
    return request.resolver_match.kwargs["token"]


@access(PUBLIC)
@never_cache
def kiosk_survey(request, token: str, site_code: str):
    campaign, site = public_campaign_site(kiosk_token=token, site_code=site_code)
    if ResponseChannel.KIOSK not in campaign.channels:
        return public_survey_closed(request, campaign, site)
    return _survey(
        request,
        campaign,
        site,
        channel=ResponseChannel.KIOSK,
        rate_group="kiosk_survey_answers",
        rate=settings.SURVEY_KIOSK_RATE,
        rate_key="vigie.surveys.kinds.satisfaction.public._kiosk_key",
        done_url=request.path + "?merci=1",
    )


def public_survey_closed(request, campaign, site):
    return render(
        request,
        "surveys/public_thanks.html",
        {
            "title": campaign.title,
            "campaign": campaign,
            "site": site,
            "department": campaign.department,
            "public_department": campaign.department,
            "closed": True,
        },
        status=404,
    )
