"""The project's URLs plus one address under /api/ whose view fails, for the test of the API's 500 answer."""

from django.urls import path

from vigie.urls import urlpatterns as project_urls


def failing_view(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("api/v1/panne/", failing_view), *project_urls]
