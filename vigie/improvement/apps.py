from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "vigie.improvement"
    label = "improvement"
    verbose_name = "Plans d'action"
