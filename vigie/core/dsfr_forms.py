"""One form renderer for every DSFR form (issue 17). django-dsfr's `DsfrBaseForm.default_renderer` returns the
*class* DsfrDjangoTemplates, so Django builds a renderer, hence a template engine with an empty cached loader, for
every form: each form's templates were read and compiled again on every page (about 10 templates per form). One
instance, built on first use, keeps them compiled for the life of the process. The choice stays django-dsfr's: its
renderer while FORM_RENDERER is Django's default (the admin's forms keep Django's own), the project's otherwise."""

from __future__ import annotations

from functools import cache

from django.conf import global_settings, settings
from django.forms.renderers import BaseRenderer, get_default_renderer
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates


@cache
def _dsfr_renderer() -> DsfrDjangoTemplates:
    return DsfrDjangoTemplates()


def _default_renderer(form: DsfrBaseForm) -> BaseRenderer:
    if settings.FORM_RENDERER == global_settings.FORM_RENDERER:
        return _dsfr_renderer()
    return get_default_renderer()


def share_dsfr_renderer() -> None:
    """Called once at start (CoreConfig.ready)."""
    DsfrBaseForm.default_renderer = property(_default_renderer)
