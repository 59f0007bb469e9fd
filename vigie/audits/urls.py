from django.urls import path

from . import views

D = "departements/<str:code>/"
AUDIT = D + "audits/<uuid:audit_id>/"
SITE = D + "sites/<slug:site_code>/"

urlpatterns = [
    path(D + "audits/", views.audit_overview, name="audit_overview"),
    path(D + "audits/nouveau/", views.audit_create, name="audit_create"),
    path(D + "audits/transition/<slug:framework_code>/", views.transition_target, name="transition_target"),
    path(AUDIT, views.audit_detail, name="audit_detail"),
    path(AUDIT + "resultats/", views.audit_results, name="audit_results"),
    path(AUDIT + "remarques/", views.audit_remark, name="audit_remark"),
    path(AUDIT + "actions/", views.audit_actions, name="audit_actions"),
    path(AUDIT + "rapport.pdf", views.audit_report, name="audit_report"),
    path(D + "auto-evaluations/<uuid:assessment_id>/", views.self_assessment_detail, name="self_assessment_detail"),
    path(
        D + "auto-evaluations/<uuid:assessment_id>/actions/",
        views.self_assessment_actions,
        name="self_assessment_actions",
    ),
    path(SITE + "auto-evaluations/nouvelle/", views.self_assessment_create, name="self_assessment_create"),
    path(SITE + "label/", views.site_label, name="site_label"),
    path(SITE + "label/decision/", views.label_decision_create, name="label_decision_create"),
    path(D + "preuves/", views.evidence_documents, name="evidence_documents"),
    path(
        D + "preuves/<slug:framework_code>/<str:commitment_code>/",
        views.commitment_evidence,
        name="commitment_evidence",
    ),
]
