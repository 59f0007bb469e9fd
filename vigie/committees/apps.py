from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "vigie.committees"
    label = "committees"
    verbose_name = "Comités"
