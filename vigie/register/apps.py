from django.apps import AppConfig

from vigie.frameworks.evidence import EvidenceProvider, add_evidence_provider
from vigie.mail.catalogue import add_template_source
from vigie.mail.signals import message_sent
from vigie.organisation.signals import closures_changed


class RegisterConfig(AppConfig):
    name = "vigie.register"
    label = "register"
    verbose_name = "Registre des demandes"

    def ready(self) -> None:
        # Imported here, not at the top: services and messaging import models, which Django can import only once
        # the app registry is ready; ready() is where an app connects its receivers.
        from vigie.register.analysis.evidence import register_evidence
        from vigie.register.config.catalogue import templates_in_force
        from vigie.register.requests.messaging import acknowledgement_sent
        from vigie.register.requests.services import recompute_open_due_dates

        closures_changed.connect(
            lambda sender, site, **kw: recompute_open_due_dates(site=site), weak=False, dispatch_uid="register_due"
        )
        message_sent.connect(
            lambda sender, message, **kw: acknowledgement_sent(message), weak=False, dispatch_uid="register_ack"
        )
        add_evidence_provider(EvidenceProvider("register", "Registre des demandes", register_evidence))
        add_template_source("register", templates_in_force)
