from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_shipped_frameworks(sender, using="default", **kwargs):
    from .loader import load_shipped_files

    load_shipped_files(using=using)


class FrameworksConfig(AppConfig):
    name = "vigie.frameworks"
    label = "frameworks"
    verbose_name = "Référentiels"

    def ready(self) -> None:
        # The shipped framework files are loaded at every migrate (idempotent: unchanged files are skipped).
        post_migrate.connect(_load_shipped_frameworks, sender=self, dispatch_uid="vigie_load_frameworks")
