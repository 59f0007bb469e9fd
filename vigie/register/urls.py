from django.urls import path

from . import views

urlpatterns = [
    path("demandes/", views.request_list, name="request_list"),
    path("demandes/nouvelle/", views.request_create, name="request_create"),
    path("demandes/<str:reference>/", views.request_detail, name="request_detail"),
]
