from django.urls import path

from . import views

D = "departements/<str:code>/"
COMMITTEE = D + "comites/<uuid:committee_id>/"
MEMBER = COMMITTEE + "membres/<uuid:member_id>/"
MEETING = D + "reunions/<uuid:meeting_id>/"

urlpatterns = [
    path(D + "comites/", views.committee_list, name="committee_list"),
    path(D + "comites/nouveau/", views.committee_create, name="committee_create"),
    path(COMMITTEE, views.committee_detail, name="committee_detail"),
    path(COMMITTEE + "modifier/", views.committee_edit, name="committee_edit"),
    path(COMMITTEE + "membres/", views.member_add, name="member_add"),
    path(COMMITTEE + "membres/export/", views.members_export, name="members_export"),
    path(MEMBER, views.member_edit, name="member_edit"),
    path(MEMBER + "supprimer/", views.member_delete, name="member_delete"),
    path(COMMITTEE + "reunions/", views.meeting_create, name="meeting_create"),
    path(MEETING, views.meeting_detail, name="meeting_detail"),
    path(MEETING + "modifier/", views.meeting_edit, name="meeting_edit"),
    path(MEETING + "invitations/", views.meeting_invitations, name="meeting_invitations"),
    path(MEETING + "annuler/", views.meeting_cancel, name="meeting_cancel"),
    path(MEETING + "ordre-du-jour/", views.agenda_item_add, name="agenda_item_add"),
    path(MEETING + "ordre-du-jour/<uuid:item_id>/", views.agenda_item_edit, name="agenda_item_edit"),
    path(MEETING + "ordre-du-jour/<uuid:item_id>/supprimer/", views.agenda_item_delete, name="agenda_item_delete"),
    path(MEETING + "presences/", views.attendance_record, name="attendance_record"),
    path(MEETING + "interventions/", views.intervention_add, name="intervention_add"),
    path(
        MEETING + "interventions/<uuid:intervention_id>/reponses/",
        views.intervention_answer_add,
        name="intervention_answer_add",
    ),
    path(MEETING + "interventions/<uuid:intervention_id>/modifier/", views.intervention_edit, name="intervention_edit"),
    path(
        MEETING + "interventions/<uuid:intervention_id>/reponses/<uuid:answer_id>/modifier/",
        views.intervention_answer_edit,
        name="intervention_answer_edit",
    ),
    path(
        MEETING + "interventions/<uuid:intervention_id>/supprimer/",
        views.intervention_delete,
        name="intervention_delete",
    ),
    path(MEETING + "avis/", views.opinion_add, name="opinion_add"),
    path(MEETING + "avis/<uuid:opinion_id>/modifier/", views.opinion_edit, name="opinion_edit"),
    path(MEETING + "decisions/", views.decision_add, name="decision_add"),
    path(MEETING + "decisions/<uuid:decision_id>/modifier/", views.decision_edit, name="decision_edit"),
    path(MEETING + "decisions/<uuid:decision_id>/action/", views.decision_action, name="decision_action"),
    path("comites/reponse/<str:token>/", views.invitation_answer, name="invitation_answer"),
]
