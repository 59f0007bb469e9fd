"""Small French wording helpers shared by the document kinds."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
          "décembre")  # fmt: skip


def date_fr(value: dt.date | dt.datetime, *, with_time: bool = False) -> str:
    """« 5 avril 2022 » (« 1er » for the first), with « à 14 h 30 » for a datetime when asked (local time)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        day = value.date()
    else:
        day = value
    text = f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"
    if with_time and isinstance(value, dt.datetime):
        text += f" à {value.hour} h {value.minute:02d}" if value.minute else f" à {value.hour} h"
    return text


def meeting_title(meeting) -> str:
    return f"{meeting.committee_kind_label or 'Comité'} du {date_fr(meeting.starts_at)}"


def shorten(text: str, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
