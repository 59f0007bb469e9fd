"""Indicator screens: dashboards (views), yearly results, XLSX export, indicator detail and import (screens)."""

from django.urls import path

from . import renewal_views, screens, views

urlpatterns = [
    path("departements/<str:code>/indicateurs/", views.department_dashboard, name="department_dashboard"),
    path(
        "departements/<str:code>/sites/<slug:site_code>/indicateurs/",
        views.site_dashboard,
        name="site_dashboard",
    ),
    path("departements/<str:code>/resultats/", screens.results, name="results"),
    path("departements/<str:code>/resultats/<int:year>.xlsx", screens.results_xlsx, name="results_xlsx"),
    path(
        "departements/<str:code>/resultats/indicateurs/<str:indicator_code>/",
        screens.indicator_detail,
        name="indicator_results",
    ),
    path(
        "departements/<str:code>/resultats/indicateurs/<str:indicator_code>/projection/",
        screens.projection,
        name="indicator_projection",
    ),
    path("departements/<str:code>/renouvellements/", renewal_views.renewals, name="renewals"),
    path("departements/<str:code>/mesures/importer/", screens.measurement_import, name="measurement_import"),
]
