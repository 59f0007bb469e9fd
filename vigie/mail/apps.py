from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "vigie.mail"
    label = "mail"
    verbose_name = "Courriels"

    def ready(self) -> None:
        from vigie.core.workers import recovery  # in ready(): the models are not loaded when apps.py is imported

        from .tasks import recover_outbox

        recovery.connect(recover_outbox, dispatch_uid="mail.recover_outbox")
