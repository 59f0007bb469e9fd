"""DSFR forms share one renderer (vigie/core/dsfr_forms.py): their templates are compiled once per process, not once
per form (issue 17)."""

from django import forms
from django.forms.renderers import get_default_renderer
from django.template import base

from vigie.register.requests.forms import RequestFilterForm


def _filter_form():
    return RequestFilterForm(sites=[], services=[], themes=[])


def test_dsfr_forms_share_one_renderer_and_compile_their_templates_once(monkeypatch):
    assert _filter_form().renderer is _filter_form().renderer
    str(_filter_form())  # the templates read and compiled, once
    compiled = []
    original = base.Template.__init__

    def counting(self, *args, **kwargs):
        compiled.append(args[0] if args else "")
        original(self, *args, **kwargs)

    monkeypatch.setattr(base.Template, "__init__", counting)
    html = str(_filter_form())
    assert 'name="kind"' in html and compiled == []


def test_plain_django_forms_keep_django_s_renderer():
    class Plain(forms.Form):
        name = forms.CharField()

    assert Plain().renderer is get_default_renderer()
