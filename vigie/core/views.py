import datetime as dt

from django.conf import settings
from django.shortcuts import render

from vigie.core.access import PUBLIC, access

# RGAA: without a complete audit of the 106 criteria, a service is « non conforme » (docs/rgaa.md keeps the checks).
ACCESSIBILITY_STATUS = "non conforme"
ACCESSIBILITY_CHECKED_ON = dt.date(2026, 12, 2)  # the last manual checks recorded in docs/rgaa.md


@access(PUBLIC)
def accessibility(request):
    """The statement: the real status, what was checked and when, the non-conformities, a contact (docs/rgaa.md)."""
    return render(
        request,
        "core/accessibility.html",
        {
            "title": "Déclaration d'accessibilité",
            "status": ACCESSIBILITY_STATUS,
            "checked_on": ACCESSIBILITY_CHECKED_ON,
            "contact": settings.ACCESSIBILITY_CONTACT,
        },
    )


def error_404(request, exception=None):
    return render(request, "404.html", {"title": "Page introuvable"}, status=404)


def error_403(request, exception=None):
    return render(request, "403.html", {"title": "Accès refusé"}, status=403)


def error_500(request):
    return render(request, "500.html", {"title": "Erreur"}, status=500)


def rate_limited(request, exception=None):
    return render(request, "429.html", {"title": "Trop de demandes"}, status=429)


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, in French and in the design system (CSRF_FAILURE_VIEW); the reason is not shown."""
    return render(request, "403_csrf.html", {"title": "Formulaire expiré"}, status=403)
