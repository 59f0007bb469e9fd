from django.urls import path

from vigie.register.analysis import views as analysis_views
from vigie.register.requests import views

urlpatterns = [
    path("demandes/", views.request_list, name="request_list"),
    path("demandes/export.xlsx", views.request_export, name="request_export"),
    path("demandes/exports/", views.request_export_start, name="request_export_start"),
    path("demandes/exports/<uuid:export_id>/", views.request_export_detail, name="request_export_detail"),
    path("demandes/exports/<uuid:export_id>/fichier/", views.request_export_file, name="request_export_file"),
    path("demandes/nouvelle/", views.request_create, name="request_create"),
    path("demandes/analyse/", analysis_views.request_analysis, name="request_analysis"),
    path("demandes/analyse/export.xlsx", analysis_views.request_analysis_xlsx, name="request_analysis_xlsx"),
    path("demandes/<str:reference>/", views.request_detail, name="request_detail"),
    path("demandes/<str:reference>/repondre/", views.request_reply, name="request_reply"),
    path("demandes/<str:reference>/reponse-type/", views.request_reply_template, name="request_reply_template"),
    path("demandes/<str:reference>/attente/", views.request_holding_reply, name="request_holding_reply"),
    path("demandes/<str:reference>/attribution/", views.request_assign, name="request_assign"),
    path("demandes/<str:reference>/clore/", views.request_close, name="request_close"),
    path("demandes/<str:reference>/rouvrir/", views.request_reopen, name="request_reopen"),
    path("demandes/<str:reference>/pieces-jointes/", views.request_attach, name="request_attach"),
    path(
        "demandes/<str:reference>/pieces-jointes/<uuid:attachment_id>/",
        views.request_attachment,
        name="request_attachment",
    ),
]

from vigie.register.public import views as public_views  # noqa: E402

urlpatterns += [
    path("usagers/<str:code>/ecrire/", public_views.public_request_form, name="public_request_form"),
    path("usagers/suivi/<str:token>/", public_views.public_request_tracking, name="public_request_tracking"),
]
