"""Action plans and actions (improvement/views.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("plans-d-action/", views.action_plans, name="action_plans"),
    path("plans-d-action/importer/", views.action_plan_import, name="action_plan_import"),
    path("plans-d-action/<uuid:plan_id>/", views.action_plan_detail, name="action_plan_detail"),
    path("plans-d-action/<uuid:plan_id>/modifier/", views.action_plan_edit, name="action_plan_edit"),
    path("plans-d-action/<uuid:plan_id>/actions/nouvelle/", views.action_create, name="action_create"),
    path("actions/<uuid:action_id>/", views.action_detail, name="action_detail"),
    path("actions/<uuid:action_id>/modifier/", views.action_edit, name="action_edit"),
    path("actions/<uuid:action_id>/avancement/", views.action_progress, name="action_progress"),
    path("actions/<uuid:action_id>/preuves/", views.action_evidence_add, name="action_evidence_add"),
    path("preuves/<uuid:evidence_id>/", views.evidence_file, name="evidence_file"),
]
