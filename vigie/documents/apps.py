from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "vigie.documents"
    label = "documents"
    verbose_name = "Documents et publications"
