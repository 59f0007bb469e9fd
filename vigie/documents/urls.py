from django.urls import path

from . import views

urlpatterns = [
    path("departements/<str:code>/documents/", views.documents_home, name="documents_home"),
    path("departements/<str:code>/documents/generer/", views.document_generate, name="document_generate"),
    path("departements/<str:code>/publier/", views.publication_create, name="publication_create"),
    path(
        "departements/<str:code>/documents/reunions/<uuid:meeting_id>/compte-rendu/",
        views.minutes_drafts,
        name="minutes_drafts",
    ),
    path("documents/<uuid:document_id>/", views.document_detail, name="document_detail"),
    path("documents/<uuid:document_id>/fichier/", views.document_file, name="document_file"),
    # public
    path("resultats/schema.json", views.publication_schema, name="publication_schema"),
    path("resultats/publications/<uuid:publication_id>/", views.public_publication, name="public_publication"),
    path("resultats/publications/<uuid:publication_id>/donnees.csv", views.publication_csv, name="publication_csv"),
    path("resultats/publications/<uuid:publication_id>/donnees.json", views.publication_json, name="publication_json"),
    path("resultats/<str:code>/", views.public_results, name="public_results"),
    path("resultats/<str:code>/sites/<slug:site_code>/", views.public_site_results, name="public_site_results"),
]
