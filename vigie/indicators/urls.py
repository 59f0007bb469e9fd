"""Indicator dashboards (department and site). The yearly results, export and import screens are in urls_screens."""

from django.urls import path

from . import views

urlpatterns = [
    path("departements/<str:code>/indicateurs/", views.department_dashboard, name="department_dashboard"),
    path(
        "departements/<str:code>/sites/<slug:site_code>/indicateurs/",
        views.site_dashboard,
        name="site_dashboard",
    ),
]
