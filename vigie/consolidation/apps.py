from django.apps import AppConfig


class ConsolidationConfig(AppConfig):
    name = "vigie.consolidation"
    verbose_name = "Consolidation nationale"
