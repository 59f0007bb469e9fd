"""Configuration screens of the register (quality officer): message templates, deadlines, themes, mailboxes."""

from django.urls import path

from vigie.register.config import views

PREFIX = "departements/<str:code>/demandes/parametres/"

urlpatterns = [
    path(PREFIX, views.register_config, name="register_config"),
    path(f"{PREFIX}modeles/", views.message_template_list, name="message_template_list"),
    path(f"{PREFIX}modeles/nouveau/", views.message_template_create, name="message_template_create"),
    path(f"{PREFIX}modeles/<uuid:family>/", views.message_template_edit, name="message_template_edit"),
    path(f"{PREFIX}modeles/<uuid:family>/versions/", views.message_template_history, name="message_template_history"),
    path(f"{PREFIX}modeles/<uuid:family>/retirer/", views.message_template_retire, name="message_template_retire"),
    path(f"{PREFIX}delais/", views.deadline_rules, name="deadline_rules"),
    path(f"{PREFIX}themes/", views.theme_list, name="theme_list"),
    path(f"{PREFIX}themes/<uuid:theme_id>/", views.theme_edit, name="theme_edit"),
    path(f"{PREFIX}themes/<uuid:theme_id>/activation/", views.theme_activation, name="theme_activation"),
    path(f"{PREFIX}boites/", views.mailbox_list, name="mailbox_list"),
    path(f"{PREFIX}boites/nouvelle/", views.mailbox_create, name="mailbox_create"),
    path(f"{PREFIX}boites/<uuid:mailbox_id>/", views.mailbox_edit, name="mailbox_edit"),
    path(f"{PREFIX}conservation/", views.retention_setting, name="retention_setting"),
    path(f"{PREFIX}import/", views.request_import, name="request_import"),
]
