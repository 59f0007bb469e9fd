from django.core.management.base import BaseCommand

from vigie.mail.models import OutboxMessage
from vigie.mail.sending import send_due_messages


class Command(BaseCommand):
    help = "Envoie les courriels en attente dont l'heure de nouvel essai est venue ; affiche l'état de la file."

    def handle(self, *args, **options):
        sent = send_due_messages()
        waiting = OutboxMessage.objects.filter(sent_at=None, failed_at=None).count()
        failed = OutboxMessage.objects.filter(failed_at__isnull=False).count()
        self.stdout.write(f"{sent} courriel(s) envoyé(s) ; {waiting} en attente ; {failed} abandonné(s).")
