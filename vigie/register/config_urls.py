"""Configuration screens of the register (quality officer): message templates, deadlines, themes, mailboxes."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
