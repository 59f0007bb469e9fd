from django.apps import AppConfig

from vigie.organisation.milestones import NEXT_AUDIT, add_milestone
from vigie.organisation.sections import SiteSection, add_site_section


class AuditsConfig(AppConfig):
    name = "vigie.audits"
    label = "audits"
    verbose_name = "Audits et label"

    def ready(self) -> None:
        from .queries import label_items_for_sites, next_audit_date  # models are importable once the apps are ready

        add_milestone(NEXT_AUDIT, next_audit_date)

        add_site_section(
            SiteSection(
                heading="Label",
                for_sites=label_items_for_sites,
                cell_template="audits/includes/label_cell.html",
                site_template="audits/includes/label_site.html",
            )
        )
