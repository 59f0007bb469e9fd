"""National comparison: the national pages and exports, the open-data schema, a department's position."""

from django.urls import path

from . import views

urlpatterns = [
    path("national/", views.overview, name="national_overview"),
    path("national/schema.json", views.table_schema, name="national_table_schema"),
    path("national/indicateurs/<str:indicator_code>/", views.indicator, name="national_indicator"),
    path("national/indicateurs/<str:indicator_code>/<int:year>.xlsx", views.indicator_xlsx, name="national_xlsx"),
    path("national/indicateurs/<str:indicator_code>/<int:year>.csv", views.indicator_csv, name="national_csv"),
    path("national/indicateurs/<str:indicator_code>/<int:year>.json", views.indicator_json, name="national_json"),
    path("departements/<str:code>/comparaison-nationale/", views.department_index, name="department_comparisons"),
    path(
        "departements/<str:code>/comparaison-nationale/<str:indicator_code>/",
        views.department,
        name="department_comparison",
    ),
]
