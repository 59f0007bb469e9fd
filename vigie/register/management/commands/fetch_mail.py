from django.core.management.base import BaseCommand, CommandError

from vigie.register.mailin.services import fetch_all_mailboxes
from vigie.register.models import Mailbox


class Command(BaseCommand):
    help = (
        "Relève les boîtes fonctionnelles (IMAP) : une demande par nouveau message, sans doublon (Message-ID), "
        "pièces jointes conservées, accusé de réception envoyé. Le worker le fait aussi toutes les "
        "VIGIE_FETCH_MAIL_MINUTES minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--department", help="code du département (par défaut : toutes les boîtes actives)")

    def handle(self, *args, department, **options):
        mailboxes = Mailbox.objects.filter(active=True).select_related("site", "department")
        if department:
            mailboxes = mailboxes.filter(department__code=department.upper())
        mailboxes = list(mailboxes)
        if not mailboxes:
            raise CommandError(
                "Aucune boîte fonctionnelle active" + (f" pour le département {department}." if department else ".")
            )
        created = fetch_all_mailboxes(mailboxes)
        for mailbox in mailboxes:
            state = f"erreur : {mailbox.last_error}" if mailbox.last_error else "relevée"
            self.stdout.write(f"{mailbox} ({mailbox.department.code}) : {state}")
        self.stdout.write(f"{created} demande(s) créée(s).")
        if any(m.last_error for m in mailboxes):
            raise CommandError("Au moins une boîte n'a pas pu être relevée.")
