from django.core.management.base import BaseCommand

from vigie.core.encryption import encrypt_again_with_the_first_key


class Command(BaseCommand):
    help = (
        "Chiffre à nouveau chaque secret enregistré (mots de passe des boîtes IMAP) avec la première clé de "
        "VIGIE_ENCRYPTION_KEYS. Ensuite, les autres clés peuvent être retirées."
    )

    def handle(self, *args, **options):
        count = encrypt_again_with_the_first_key()
        self.stdout.write(
            f"{count} enregistrement(s) chiffré(s) à nouveau avec la première clé de VIGIE_ENCRYPTION_KEYS."
        )
