"""The project's URLs with the ProConnect routes, as vigie/urls.py builds them when PROCONNECT_ENABLED is true.

vigie.urls decides at import time (settings are read once); tests switch ProConnect on with settings overrides
and this URL configuration.
"""

from django.urls import include, path

from vigie import urls as project_urls
from vigie.organisation.oidc import oidc_urlpatterns

urlpatterns = [*project_urls.urlpatterns, path("oidc/", include(oidc_urlpatterns()))]

handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
