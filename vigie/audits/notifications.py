"""The quality officer's alerts by e-mail: each alert of queries.department_alerts is queued once (AlertSent keeps
its key) through vigie/mail, to every quality officer of the department with an address. Run daily (schedules.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction

from vigie.core.calendar import WorkingCalendar
from vigie.mail.services import queue_message
from vigie.organisation.enums import Role
from vigie.organisation.models import Department, RoleAssignment

from .models import AlertSent
from .queries import Alert, department_alerts

TAG = "audit_alert"


def _body(department: Department, alert: Alert) -> str:
    link = f"{settings.SITE_URL.rstrip('/')}{alert.url}" if alert.url else ""
    lines = [
        "Bonjour,",
        "",
        f"Vigie signale pour {department.name} :",
        "",
        alert.title,
        alert.detail,
    ]
    if link:
        lines += ["", link]
    return "\n".join([*lines, "", "Ce message est envoyé une seule fois pour cette alerte."])


def send_alerts(*, department: Department, today: dt.date) -> int:
    """Queue the department's new alerts; returns how many alerts were sent (each once, whatever the reruns)."""
    officers = list(
        RoleAssignment.objects.filter(department=department, role=Role.QUALITY_OFFICER)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    sent = 0
    for alert in department_alerts(department, today):
        try:
            with transaction.atomic():
                AlertSent.objects.create(key=alert.key)
                for address in officers:
                    queue_message(
                        app_label="audits",
                        public_id=None,
                        to=address,
                        subject=f"[Vigie] {alert.title}",
                        body=_body(department, alert),
                        tag=TAG,
                    )
        except IntegrityError:
            continue  # already sent
        sent += 1
    return sent


def send_all_alerts(now: dt.datetime) -> int:
    return sum(
        send_alerts(department=d, today=WorkingCalendar.for_department(d.code).local_date(now))
        for d in Department.objects.all()
    )
