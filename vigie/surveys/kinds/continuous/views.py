"""Continuous rating pages. Access:
- staff pages SCOPED: points come through scoped queries (404 outside the scope); opening a point and hiding a
  comment need the department's management right (403);
- the respondent's page and its thank-you page PUBLIC: honeypot, an allowance of accepted ratings per address
  (SURVEY_RATING_RATE), core/idempotency's one-time token (a double click records one rating)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from vigie.core.access import PUBLIC, SCOPED, access
from vigie.core.idempotency import Answer, KeyReused, form_content, once
from vigie.core.public_forms import is_robot, over_public_rate
from vigie.core.spreadsheets import xlsx_response
from vigie.organisation.perms import can_manage_department
from vigie.organisation.queries import get_department_for_user, visible_sites
from vigie.surveys.charts import bar_chart
from vigie.surveys.kinds.satisfaction.posters import qr_png, qr_svg, render_poster

from .forms import PointForm, RatingForm
from .models import Rating
from .queries import (
    department_points,
    get_point_for_user,
    hidden_comment_count,
    point_results,
    public_point,
    shown_comments,
)
from .rules import RULE
from .services import RatingRejected, hide_comment, open_point, record_rating, set_point_open

ANY_POST_RATE = "120/h"
TOO_MANY = (
    "Plusieurs avis ont déjà été envoyés depuis votre connexion dans l'heure\u202f: celui-ci n'est pas enregistré. "
    "Réessayez plus tard."
)


def rating_url(point) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("public_rating", kwargs={"point_id": point.public_id})


@access(SCOPED)
def rating_points(request, code: str):
    department = get_department_for_user(request.user, code)
    manage = can_manage_department(request.user, department)
    places = {}
    if manage:
        for site in visible_sites(request.user).filter(department=department).prefetch_related("services"):
            places[site.code] = (site, None)
            for service in site.services.order_by("name"):
                places[f"{site.code}/{service.code}"] = (site, service)
    form = PointForm(request.POST or None, places=places)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            site, service = places[form.cleaned_data["place"]]
            point = open_point(actor=request.user, department=department, site=site, service=service)
            return redirect("rating_point_detail", point_id=point.public_id)
    return render(
        request,
        "surveys/rating_points.html",
        {
            "title": f"Avis en continu — {department.name}",
            "department": department,
            "points": [
                (point, point_results(point).months[-3:]) for point in department_points(request.user, department)
            ],
            "form": form if manage else None,
        },
        status=400 if form.errors else 200,
    )


def _year(request) -> int | None:
    year = request.GET.get("annee", "")
    return int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None


@access(SCOPED)
def rating_point_detail(request, point_id):
    """POST (the quality officer): close or reopen the public page (`active`: 0 or 1)."""
    point = get_point_for_user(request.user, point_id)
    manage = can_manage_department(request.user, point.department)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        set_point_open(point=point, active=request.POST.get("active") == "1")
        return redirect("rating_point_detail", point_id=point.public_id)
    results = point_results(point, year=_year(request))
    url = rating_url(point)
    return render(
        request,
        "surveys/rating_point.html",
        {
            "title": f"Avis en continu — {point}",
            "department": point.department,
            "point": point,
            "results": results,
            "rule": RULE,
            "chart": bar_chart(
                labels=[m.label for m in results.months],
                values=[float(m.mean) for m in results.months],
                name="Note moyenne du mois (sur 5)",
                unit="/ 5",
                decimals=2,
                maximum=5,
            )
            if results.months
            else None,
            "comments": _comments(point),
            "hidden": hidden_comment_count(point),
            "can_manage": manage,
            "url": url,
            "qr": qr_svg(url, scale=3, title="QR code de la page d'avis"),
        },
    )


def _comments(point, limit: int = 50):
    return shown_comments(point, limit=limit)


@access(SCOPED)
def rating_point_xlsx(request, point_id):
    point = get_point_for_user(request.user, point_id)
    results = point_results(point, year=_year(request))
    rows = [[m.month.strftime("%Y-%m"), m.count, round(float(m.mean), 2), *m.distribution] for m in results.months]
    comments = [[r.submitted_on, r.stars, r.comment] for r in _comments(point, limit=0)]
    header = ["Mois", "Avis", "Note moyenne", "1 étoile", "2 étoiles", "3 étoiles", "4 étoiles", "5 étoiles"]
    rows += [[], ["Date", "Note", "Commentaire (hors commentaires masqués)"], *comments] if comments else []
    return xlsx_response(
        title=f"Avis en continu — {point}", header=header, rows=rows, filename=f"avis-continu-{point.site.code}.xlsx"
    )


@access(SCOPED)
def rating_point_qr(request, point_id):
    point = get_point_for_user(request.user, point_id)
    response = HttpResponse(qr_png(rating_url(point)), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="qr-avis-{point.site.code}.png"'
    return response


@access(SCOPED)
def rating_point_poster(request, point_id):
    point = get_point_for_user(request.user, point_id)
    pdf = render_poster(
        site=point.site,
        department=point.department,
        url=rating_url(point),
        lead=f"{point}\u202f: une note de 1 à 5 étoiles et, si vous le souhaitez, un commentaire. Sans compte et "
        "sans donner votre nom.",
        description=f"Affiche « Donnez votre avis » — {point}",
        note="Vos avis sont lus chaque mois par le service et présentés au comité local des usagers.",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="affiche-avis-{point.site.code}.pdf"'
    return response


@access(SCOPED)
@require_POST
def rating_comment_hide(request, point_id, rating_id):
    point = get_point_for_user(request.user, point_id)
    if not can_manage_department(request.user, point.department):
        raise PermissionDenied
    rating = Rating.objects.filter(point=point, public_id=rating_id).first()
    if rating is None:
        raise Http404("Avis introuvable.")
    hide_comment(actor=request.user, rating=rating)
    return redirect("rating_point_detail", point_id=point.public_id)


class TooMany(Exception):
    pass


@access(PUBLIC)
@ratelimit(key="ip", rate=ANY_POST_RATE, method="POST", block=True, group="public_rating_posts")
def public_rating(request, point_id):
    point = public_point(point_id)
    done = reverse("public_rating_thanks", kwargs={"point_id": point.public_id})
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST" and point.active:
        if form.is_valid():
            if is_robot(form):
                return redirect(done)
            data = form.cleaned_data

            def create() -> Answer:
                if over_public_rate(request, group="public_rating_answers", rate=settings.SURVEY_RATING_RATE):
                    raise TooMany
                rating = record_rating(point=point, stars=data["stars"], comment=data["comment"])
                return Answer(201, {"id": str(rating.public_id)})

            try:
                once(
                    user=None,
                    scope="form:public_rating",
                    key=data.get("once"),
                    content={"point": str(point.public_id), **form_content(data, without=("once", "website"))},
                    create=create,
                )
            except TooMany:
                form.add_error(None, TOO_MANY)
                status = 429
            except KeyReused:
                return redirect(done)
            except RatingRejected as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(done)
        status = status if status != 200 else 400
    response = render(
        request,
        "surveys/public_rating.html",
        {
            "title": f"Donnez votre avis — {point}",
            "point": point,
            "department": point.department,
            "public_department": point.department,  # the prefecture's identity in the header
            "form": form,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@access(PUBLIC)
def public_rating_thanks(request, point_id):
    point = public_point(point_id)
    return render(
        request,
        "surveys/public_rating_thanks.html",
        {
            "title": "Merci pour votre avis",
            "point": point,
            "department": point.department,
            "public_department": point.department,
        },
    )
