"""Indicator screens (dashboards, yearly results, measurement import)."""

urlpatterns: list = []
