"""What every form of a page without an account has: a honeypot, a per-address limit on accepted posts, and a
one-time token against a double submission (a double click, a reload after posting).

- `HoneypotMixin` adds the `website` field (rendered by includes/honeypot.html, out of sight and of the tab order);
  `is_robot(form)` is true when a robot filled it: thank it and keep nothing.
- `over_public_rate(request, group=…, rate=…)` counts an accepted post against the address's allowance.
- `OnceTokenMixin` adds `once`, a hidden token written on the record it creates: the second post of the same form
  finds the record and records nothing. vigie.js also disables the submit button (data-vigie-once) after a click.
"""

from __future__ import annotations

import secrets

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


class OnceTokenMixin(forms.Form):
    once = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("once", secrets.token_urlsafe(24))

    def once_token(self) -> str | None:
        """The posted token, or None when the form came without one (then nothing guards a second post)."""
        return self.cleaned_data.get("once") or None
