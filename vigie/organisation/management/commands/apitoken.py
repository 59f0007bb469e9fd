from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from vigie.organisation.models import ApiToken


class Command(BaseCommand):
    help = "Crée un jeton d'API pour un utilisateur et l'affiche une fois ; il a le périmètre de l'utilisateur."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Aucun utilisateur actif « {username} ».")
        _, token = ApiToken.issue(user)
        self.stdout.write(token)
