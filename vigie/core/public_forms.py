"""What every form of a page without an account has: a honeypot and a per-address limit on accepted posts (the
one-time token against a double submission is core/idempotency's TokenField and once()).

- `HoneypotMixin` adds the `website` field (rendered by includes/honeypot.html, out of sight and of the tab order);
  `is_robot(form)` is true when a robot filled it: thank it and keep nothing.
- `over_public_rate(request, group=…, rate=…)` counts an accepted post against the address's allowance.
"""

from __future__ import annotations

from django import forms
from django_ratelimit.core import is_ratelimited

HONEYPOT = "website"


class HoneypotMixin(forms.Form):
    website = forms.CharField(label="Ne pas remplir ce champ", required=False)


def is_robot(form: forms.Form) -> bool:
    return bool(form.cleaned_data.get(HONEYPOT))


def over_public_rate(request, *, group: str, rate: str, key: str = "ip") -> bool:
    """True when this accepted post goes beyond the allowance (it is counted either way)."""
    return is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)
