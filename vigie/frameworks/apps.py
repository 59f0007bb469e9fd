from django.apps import AppConfig
from django.db.models.signals import post_migrate

from vigie.organisation.sections import SiteSection, add_site_section


def _load_shipped_frameworks(sender, using="default", **kwargs):
    from .loader import load_shipped_files

    load_shipped_files(using=using)


class FrameworksConfig(AppConfig):
    name = "vigie.frameworks"
    label = "frameworks"
    verbose_name = "Référentiels"

    def ready(self) -> None:
        from vigie.organisation.api import add_labelling_reader

        from .queries import current_labelling_for_api, labelling_scopes_for_sites  # models are ready only now

        # The shipped framework files are loaded at every migrate (idempotent: unchanged files are skipped).
        post_migrate.connect(_load_shipped_frameworks, sender=self, dispatch_uid="vigie_load_frameworks")
        add_site_section(
            SiteSection(
                heading="Périmètre de labellisation",
                for_sites=labelling_scopes_for_sites,
                cell_template="frameworks/includes/scope_cell.html",
                site_template="frameworks/includes/scope_site.html",
            )
        )
        add_labelling_reader(current_labelling_for_api)
