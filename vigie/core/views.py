from django.shortcuts import render

from vigie.core.access import PUBLIC, access


@access(PUBLIC)
def accessibility(request):
    return render(request, "core/accessibility.html", {"title": "Déclaration d'accessibilité"})


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
