from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "vigie.register"
    label = "register"
    verbose_name = "Registre des demandes"

    def ready(self) -> None:
        from vigie.organisation.signals import closures_changed

        from .services import recompute_open_due_dates

        closures_changed.connect(
            lambda sender, site, **kw: recompute_open_due_dates(site=site), weak=False, dispatch_uid="register_due"
        )
