from django.apps import AppConfig

from vigie.organisation.sections import SiteSection, add_site_section


class SurveysConfig(AppConfig):
    name = "vigie.surveys"
    label = "surveys"
    verbose_name = "Enquêtes de satisfaction"

    def ready(self) -> None:
        from .kinds.satisfaction.queries import campaigns_for_sites  # models are importable only once ready

        add_site_section(
            SiteSection(
                heading="Enquêtes de satisfaction",
                for_sites=campaigns_for_sites,
                cell_template="surveys/includes/campaigns_cell.html",
                site_template="surveys/includes/campaigns_site.html",
            )
        )
