"""The request list's filters render their selects in Python with exactly the HTML of Django's templates."""

import pytest
from django import forms

from vigie.register.requests.forms import QuickSelect

CHOICES = [("", "Tous"), ("a", "A & <b>"), ("b", "B"), (2, "deux")]


@pytest.mark.parametrize(
    "attrs", [{"class": "fr-select", "id": "id_x"}, {"id": "y", "required": True, "data-a": 'a"<'}]
)
@pytest.mark.parametrize("value", ["", "b", None, 2, "absent"])
def test_quick_select_renders_as_django_select(attrs, value):
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("site", value)
    assert QuickSelect(attrs=attrs, choices=CHOICES).render("site", value) == expected
