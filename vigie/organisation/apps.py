from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "vigie.organisation"
    label = "organisation"
    verbose_name = "Organisation"
