from django.apps import AppConfig

from vigie.organisation.sections import SiteSection, add_site_section


class ImprovementConfig(AppConfig):
    name = "vigie.improvement"
    label = "improvement"
    verbose_name = "Plans d'action"

    def ready(self) -> None:
        from .queries import open_actions_for_sites  # models are importable only once the apps are ready

        add_site_section(
            SiteSection(
                heading="Actions ouvertes",
                for_sites=open_actions_for_sites,
                cell_template="improvement/includes/site_cell.html",
                site_template="improvement/includes/site_actions.html",
            )
        )
