from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """People and their roles without the Django admin: invitations by e-mail, roles given and withdrawn within the
    giver's own scope, accounts deactivated; and the whole org file (organisation, people, labelling scopes)."""

    name = "vigie.people"
    label = "people"
    verbose_name = "Personnes et rôles"
