"""The calendar file (RFC 5545) sent with an invitation: one event whose UID is the meeting's for its whole life,
whose SEQUENCE grows with each update sent, at the department's local time (TZID, with its VTIMEZONE: Europe/Paris in
metropolitan France). METHOD:REQUEST invites or updates; METHOD:CANCEL with STATUS:CANCELLED cancels."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from .models import Meeting

REQUEST = "REQUEST"
CANCEL = "CANCEL"
FILENAME = "invitation.ics"
CONTENT_TYPE = "text/calendar; charset=utf-8; method={method}"


def meeting_ics(meeting: Meeting, *, method: str, attendee: str = "", organizer: str = "", now: dt.datetime) -> bytes:
    department = meeting.committee.department
    zone = ZoneInfo(department.territory.time_zone)
    starts = meeting.starts_at.astimezone(zone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Vigie//Comités//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", meeting.ics_uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", starts)
    event.add("dtend", starts + dt.timedelta(minutes=meeting.duration_minutes))
    event.add("summary", meeting.committee.name)
    if meeting.place:
        event.add("location", meeting.place)
    description = [f"{meeting.committee.name} — {department.name}"]
    items = list(meeting.agenda_items.order_by("position", "id"))
    if items:
        description += ["", "Ordre du jour :", *(f"{i}. {item.title}" for i, item in enumerate(items, start=1))]
    if meeting.video_link:
        event.add("url", meeting.video_link)
        description += ["", f"Visioconférence : {meeting.video_link}"]
    event.add("description", "\n".join(description))
    if organizer:
        event.add("organizer", f"mailto:{organizer}")
    if attendee:
        event.add("attendee", f"mailto:{attendee}", parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    if method == CANCEL:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
