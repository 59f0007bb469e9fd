import json

from django.core.management.base import BaseCommand, CommandError

from vigie.register.models import UserRequest
from vigie.register.requests.privacy import export_request


class Command(BaseCommand):
    help = "Exporte en JSON tout ce que Vigie détient sur une demande (droit d'accès de la personne concernée)."

    def add_arguments(self, parser):
        parser.add_argument("reference")

    def handle(self, *args, reference, **options):
        request = UserRequest.objects.filter(reference=reference).select_related("site", "service").first()
        if request is None:
            raise CommandError(f"Demande « {reference} » introuvable.")
        self.stdout.write(json.dumps(export_request(request), ensure_ascii=False, indent=2))
