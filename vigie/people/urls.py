from django.urls import path

from . import views

urlpatterns = [
    path("departements/<str:code>/personnes/", views.people_list, name="people_list"),
    path("departements/<str:code>/personnes/inviter/", views.person_invite, name="person_invite"),
    path("departements/<str:code>/personnes/<str:username>/", views.person_detail, name="person_detail"),
    path("departements/<str:code>/personnes/<str:username>/roles/", views.person_role_add, name="person_role_add"),
    path(
        "departements/<str:code>/personnes/<str:username>/roles/<uuid:assignment_id>/retirer/",
        views.person_role_withdraw,
        name="person_role_withdraw",
    ),
    path(
        "departements/<str:code>/personnes/<str:username>/desactiver/",
        views.person_deactivate,
        name="person_deactivate",
    ),
    path(
        "departements/<str:code>/personnes/<str:username>/invitation/",
        views.person_invite_again,
        name="person_invite_again",
    ),
    path("compte/mot-de-passe/<uidb64>/<token>/", views.password_set, name="password_set"),
]
