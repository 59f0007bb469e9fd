"""Sections that higher apps add to the department and site pages. `organisation` sits below them and never imports
them: an app registers its section in its `AppConfig.ready()`, and the pages render every registered section.

A section gives, for the sites shown, what it has for each (`for_sites`, a few queries for all of them), a template for
its cell in the department's table of sites and a template for its block on the site page. Both templates receive
`items` (the section's list for that site), `site`, `department` and `can_manage_department`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by other apps' AppConfig modules, before the models are ready
    from .models import Site


@dataclass(frozen=True)
class SiteSection:
    heading: str
    for_sites: Callable[[Sequence[Site]], dict[int, list]]
    cell_template: str
    site_template: str


SITE_SECTIONS: list[SiteSection] = []


def add_site_section(section: SiteSection) -> None:
    if section not in SITE_SECTIONS:
        SITE_SECTIONS.append(section)


def sections_by_site(sites: Sequence[Site]) -> dict[int, list[tuple[SiteSection, list]]]:
    """For each site id, every registered section with its items."""
    found = [(section, section.for_sites(sites)) for section in SITE_SECTIONS]
    return {site.pk: [(section, items.get(site.pk, [])) for section, items in found] for site in sites}
