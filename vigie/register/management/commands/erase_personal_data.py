from django.core.management.base import BaseCommand

from vigie.register.requests.privacy import erase_expired_personal_data


class Command(BaseCommand):
    help = "Efface les données personnelles des demandes répondues depuis plus que la durée de conservation."

    def handle(self, *args, **options):
        self.stdout.write(f"{erase_expired_personal_data()} demande(s) anonymisée(s).")
