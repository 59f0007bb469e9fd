"""Public pages of the register: no account. Access: PUBLIC. The tracking page is reached only through an
unguessable token; it shows the status and the reply, never the requester's identity."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django_ratelimit.decorators import ratelimit

from vigie.core.access import PUBLIC, access
from vigie.core.idempotency import Answer, KeyReused, form_content, once
from vigie.core.public_forms import is_robot, over_public_rate
from vigie.organisation.models import Department
from vigie.register.enums import Channel
from vigie.register.models import UserRequest
from vigie.register.public.forms import PublicRequestForm
from vigie.register.requests.messaging import ACKNOWLEDGEMENT, messages_of
from vigie.register.requests.services import create_request

ANY_POST_RATE = "60/h"  # beyond this, even refused posts are answered 429 (a robot hammering the form)
TOO_MANY = (
    "Plusieurs demandes ont déjà été envoyées depuis votre connexion dans l'heure\u202f: celle-ci n'est pas encore "
    "envoyée. Votre texte est conservé ci-dessous\u00a0; réessayez dans une heure (les documents seront à joindre de "
    "nouveau), ou écrivez par courrier."
)


@access(PUBLIC)
@ratelimit(key="ip", rate=ANY_POST_RATE, method="POST", block=True, group="public_form_posts")
def public_request_form(request, code: str):
    """Only an accepted request counts against PUBLIC_FORM_RATE: a user correcting errors is never locked out, and
    a refused one gets the form back with everything typed (nothing a user wrote is lost)."""
    department = get_object_or_404(Department, code=code.upper())
    sites = list(department.sites.order_by("name"))
    if not sites:
        raise Http404("Aucun service n'est ouvert aux demandes en ligne dans ce département.")
    form = PublicRequestForm(request.POST or None, request.FILES or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        if is_robot(form):  # thank it and keep nothing
            return render(
                request,
                "register/public_robot.html",
                {"title": "Merci", "department": department, "public_department": department},
            )
        data = form.cleaned_data
        try:
            answer, _replayed = once(
                user=None,
                scope="form:public_request",
                key=data["once"],
                content=form_content(data, without=("once",)),
                create=lambda: _create_from_form(request, data),
            )
        except TooMany:
            form.add_error(None, TOO_MANY)
            return _form_page(request, department, form, status=429)
        except KeyReused:
            form.add_error(None, SENT_WITH_OTHER_CONTENT)
            return _form_page(request, department, form, status=409)
        created = UserRequest.objects.get(reference=answer.body["reference"])
        request.session["just_created"] = created.reference
        return redirect("public_request_tracking", token=created.tracking_token)
    return _form_page(request, department, form, status=400 if form.errors else 200)


class TooMany(Exception):
    pass


SENT_WITH_OTHER_CONTENT = (
    "Ce formulaire a déjà été envoyé, avec un autre contenu\u202f: votre première demande est enregistrée. Pour en "
    "écrire une nouvelle, ouvrez de nouveau la page du formulaire."
)


def _create_from_form(request, data) -> Answer:
    """Create the request once: a second click or a reload of the same form gets the first one back (idempotency),
    and is not counted against the rate."""
    if over_public_rate(request, group="public_form_requests", rate=settings.PUBLIC_FORM_RATE):
        raise TooMany
    created = create_request(
        actor=None,
        site=data["site"],
        service=None,
        kind=data["kind"],
        channel=Channel.WEB,
        received_at=timezone.now(),
        subject=data["subject"],
        text=data["text"],
        requester={"name": data["name"], "email": data["email"], "address": data["address"]},
        attachments=data["attachments"],
    )
    return Answer(201, {"reference": created.reference})


def _form_page(request, department: Department, form: PublicRequestForm, *, status: int):
    return render(
        request,
        "register/public_form.html",
        {
            "title": f"Écrire aux services de l'État — {department.name}",
            "department": department,
            "public_department": department,
            "form": form,
        },
        status=status,
    )


def masked_email(address: str) -> str:
    """« camille.martin@example.org » → « c…@example.org »: enough to recognise one's address, not to read it."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"


@access(PUBLIC)
def public_request_tracking(request, token: str):
    user_request = UserRequest.objects.select_related("site", "department").filter(tracking_token=token).first()
    if user_request is None:  # a wrong link, or a request whose data the retention period erased
        response = render(
            request,
            "register/public_tracking_missing.html",
            {"title": "Lien de suivi introuvable", "public_page": True},
            status=404,
        )
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response
    just_created = request.session.pop("just_created", None) == user_request.reference
    acknowledgement = None
    if just_created and user_request.requester_email:
        acknowledgement = {
            "to": masked_email(user_request.requester_email),
            "message": messages_of(user_request).filter(tag=ACKNOWLEDGEMENT).order_by("pk").first(),
        }
    response = render(
        request,
        "register/public_tracking.html",
        {
            "title": f"Suivi de la demande {user_request.reference}",
            "r": user_request,
            "public_department": user_request.department,
            "just_created": just_created,
            "acknowledgement": acknowledgement,
            "tracking_url": settings.SITE_URL.rstrip("/") + request.path,
        },
    )
    response["Referrer-Policy"] = "no-referrer"  # the token never leaks to another site
    response["X-Robots-Tag"] = "noindex"
    return response
