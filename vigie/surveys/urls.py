from django.urls import path

from vigie.surveys.kinds.continuous import views as rating_views
from vigie.surveys.kinds.experiences import views as experience_views
from vigie.surveys.kinds.mystery import views as mystery_views
from vigie.surveys.kinds.satisfaction import import_views, public, views

urlpatterns = [
    path("departements/<str:code>/enquetes/", views.survey_list, name="survey_list"),
    path("departements/<str:code>/enquetes/criteres/nouveau/", views.criterion_create, name="survey_criterion_create"),
    path(
        "departements/<str:code>/enquetes/questionnaires/nouveau/",
        views.questionnaire_create,
        name="questionnaire_create",
    ),
    path("departements/<str:code>/enquetes/campagnes/nouvelle/", views.campaign_create, name="campaign_create"),
    path("enquetes/<uuid:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("enquetes/<uuid:campaign_id>/resultats.xlsx", views.campaign_results_xlsx, name="campaign_results_xlsx"),
    path("enquetes/<uuid:campaign_id>/saisie/", views.paper_entry, name="paper_entry"),
    path("enquetes/<uuid:campaign_id>/action/", views.survey_raise_action, name="survey_raise_action"),
    path("enquetes/<uuid:campaign_id>/import/", import_views.response_import, name="response_import"),
    path("enquetes/<uuid:campaign_id>/sites/<slug:site_code>/qr.png", views.campaign_qr, name="campaign_qr"),
    path(
        "enquetes/<uuid:campaign_id>/sites/<slug:site_code>/affiche.pdf", views.campaign_poster, name="campaign_poster"
    ),
    # without an account
    path("avis/<uuid:campaign_id>/<slug:site_code>/", public.public_survey, name="public_survey"),
    path("avis/<uuid:campaign_id>/<slug:site_code>/merci/", public.public_survey_thanks, name="public_survey_thanks"),
    path("avis/borne/<str:token>/<slug:site_code>/", public.kiosk_survey, name="kiosk_survey"),
    # continuous rating
    path("departements/<str:code>/enquetes/avis-continu/", rating_views.rating_points, name="rating_points"),
    path("enquetes/avis-continu/<uuid:point_id>/", rating_views.rating_point_detail, name="rating_point_detail"),
    path(
        "enquetes/avis-continu/<uuid:point_id>/resultats.xlsx", rating_views.rating_point_xlsx, name="rating_point_xlsx"
    ),
    path("enquetes/avis-continu/<uuid:point_id>/qr.png", rating_views.rating_point_qr, name="rating_point_qr"),
    path(
        "enquetes/avis-continu/<uuid:point_id>/affiche.pdf",
        rating_views.rating_point_poster,
        name="rating_point_poster",
    ),
    path(
        "enquetes/avis-continu/<uuid:point_id>/commentaires/<uuid:rating_id>/masquer/",
        rating_views.rating_comment_hide,
        name="rating_comment_hide",
    ),
    path("donnez-votre-avis/<uuid:point_id>/", rating_views.public_rating, name="public_rating"),
    path("donnez-votre-avis/<uuid:point_id>/merci/", rating_views.public_rating_thanks, name="public_rating_thanks"),
    # mystery-shopper campaigns
    path("departements/<str:code>/enquetes/mystere/", mystery_views.mystery_campaigns, name="mystery_campaigns"),
    path("departements/<str:code>/enquetes/vacances-scolaires/", mystery_views.school_holidays, name="school_holidays"),
    path("enquetes/mystere/<uuid:campaign_id>/", mystery_views.mystery_campaign_detail, name="mystery_campaign_detail"),
    path(
        "enquetes/mystere/<uuid:campaign_id>/contacts/<uuid:contact_id>/",
        mystery_views.mystery_contact_entry,
        name="mystery_contact_entry",
    ),
    path(
        "enquetes/mystere/<uuid:campaign_id>/action/", mystery_views.mystery_raise_action, name="mystery_raise_action"
    ),
    # Services Publics+ experiences
    path(
        "departements/<str:code>/enquetes/services-publics-plus/",
        experience_views.sp_experiences,
        name="sp_experiences",
    ),
    path(
        "departements/<str:code>/enquetes/services-publics-plus/import/",
        experience_views.sp_import,
        name="sp_import",
    ),
    path(
        "enquetes/services-publics-plus/<uuid:experience_id>/action/",
        experience_views.sp_raise_action,
        name="sp_raise_action",
    ),
]
