from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vigie.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
        from .dsfr_forms import share_dsfr_renderer

        share_dsfr_renderer()
