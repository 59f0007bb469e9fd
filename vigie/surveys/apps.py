from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "vigie.surveys"
    label = "surveys"
    verbose_name = "Enquêtes de satisfaction"
