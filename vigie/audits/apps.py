from django.apps import AppConfig

from vigie.organisation.sections import SiteSection, add_site_section


class AuditsConfig(AppConfig):
    name = "vigie.audits"
    label = "audits"
    verbose_name = "Audits et label"

    def ready(self) -> None:
        from .queries import label_items_for_sites  # models are importable only once the apps are ready

        add_site_section(
            SiteSection(
                heading="Label",
                for_sites=label_items_for_sites,
                cell_template="audits/includes/label_cell.html",
                site_template="audits/includes/label_site.html",
            )
        )
