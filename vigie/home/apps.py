from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page of each role: what is late, due and under target, read through each app's queries. It sits in
    the demo's layer (docs/architecture.md): above every business app, below the routes."""

    name = "vigie.home"
    label = "home"
    verbose_name = "Accueil"
