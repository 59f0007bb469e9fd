"""Spreadsheet export of a request-list selection: statistics only — neither the requester's identity nor the
subject, text and reply (personal data stays in Vigie). Small selections are downloaded at once; larger ones are
built by `vigie worker` (RequestExport) with visible progress, then kept VIGIE_EXPORT_RETENTION_DAYS days."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.files import File
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.core.spreadsheets import write_xlsx
from vigie.core.tasks import enqueue_after_commit, run_again_if_worker_lost, task
from vigie.organisation.models import Department
from vigie.register.enums import Channel, Kind, Status
from vigie.register.models import RequestExport, UserRequest
from vigie.register.requests.selection import select, selection_query

logger = logging.getLogger(__name__)

HEADER = [
    "Référence",
    "Nature",
    "Canal",
    "Reçue le",
    "Site",
    "Service",
    "Thèmes",
    "Délai (jours ouvrés)",
    "Échéance",
    "Répondue le",
    "Délai de réponse (jours ouvrés)",
    "Dans le délai",
    "Statut",
    "Close le",
]
FIELDS = (
    "pk",
    "reference",
    "kind",
    "channel",
    "received_at",
    "department_id",
    "site__name",
    "service__name",
    "deadline_days",
    "due_date",
    "replied_date",
    "delay_working_days",
    "on_time",
    "status",
    "closed_at",
)
CHUNK = 1000
YES_NO = {True: "oui", False: "non", None: None}  # empty cells, not empty strings


def export_rows(requests: QuerySet[UserRequest], progress: Callable[[int], None] | None = None) -> Iterator[list]:
    """The spreadsheet lines of `requests`, by reference. Plain values and one query for the themes of each
    chunk of CHUNK requests; times in each department's own zone."""
    kinds, channels, statuses = dict(Kind.choices), dict(Channel.choices), dict(Status.choices)
    zones: dict[int, dt.tzinfo] = {}
    through = UserRequest.themes.through
    chunk: list[tuple] = []

    def flush(rows: list[tuple]) -> Iterator[list]:
        themes = defaultdict(list)
        for request_id, name in through.objects.filter(userrequest_id__in=[r[0] for r in rows]).values_list(
            "userrequest_id", "theme__name"
        ):
            themes[request_id].append(name)
        for pk, reference, kind, channel, received_at, department_id, site, service, *rest in rows:
            deadline, due, replied, delay, on_time, status, closed_at = rest
            if department_id not in zones:
                code = Department.objects.values_list("code", flat=True).get(pk=department_id)
                zones[department_id] = WorkingCalendar.for_department(code).time_zone
            zone = zones[department_id]
            yield [
                reference,
                kinds.get(kind, kind),
                channels.get(channel, channel),
                timezone.localtime(received_at, zone).replace(tzinfo=None),
                site,
                service,
                ", ".join(sorted(themes[pk])) or None,
                deadline,
                due,
                replied,
                delay,
                YES_NO[on_time],
                statuses.get(status, status),
                timezone.localtime(closed_at, zone).replace(tzinfo=None) if closed_at else None,
            ]

    done = 0
    for row in requests.order_by("reference").values_list(*FIELDS).iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from flush(chunk)
            done += len(chunk)
            chunk = []
            if progress:
                progress(done)
    if chunk:
        yield from flush(chunk)
        if progress:
            progress(done + len(chunk))


def export_title(label: str) -> str:
    return f"Demandes — {label}"


def export_filename(tab: str, day: dt.date | None = None) -> str:
    return f"vigie-demandes-{tab}-{(day or timezone.localdate()).isoformat()}.xlsx"


def start_export(*, user, params: QueryDict) -> RequestExport:
    """Record a background export of the user's selection and hand it to the worker (after the commit)."""
    selection = select(user, params)
    export = RequestExport.objects.create(
        requested_by=user,
        query=selection_query(params),
        label=selection.label,
        total=selection.requests.count(),
    )
    enqueue_after_commit(build_request_export, export_id=export.pk)
    return export


def build_export(export: RequestExport) -> RequestExport:
    """Write the file of a background export. The selection is taken again now, with the user's scope of now;
    progress is saved every CHUNK lines so the user's page can show it."""
    RequestExport.objects.filter(pk=export.pk).update(status=RequestExport.State.RUNNING, started_at=timezone.now())
    selection = select(export.requested_by, QueryDict(export.query))
    total = selection.requests.count()
    RequestExport.objects.filter(pk=export.pk).update(total=total, done=0)

    def progress(done: int) -> None:
        RequestExport.objects.filter(pk=export.pk).update(done=done)

    try:
        with tempfile.TemporaryFile() as target:
            write_xlsx(
                target,
                title=export_title(selection.label),
                header=HEADER,
                rows=export_rows(selection.requests, progress),
            )
            target.seek(0)
            export.refresh_from_db()
            export.file.save(export_filename(selection.tab), File(target), save=False)
    except Exception as exc:  # the user sees the failure instead of a bar that never ends
        logger.exception("export %s failed", export.pk)
        RequestExport.objects.filter(pk=export.pk).update(
            status=RequestExport.State.FAILED, error=type(exc).__name__, finished_at=timezone.now()
        )
        export.refresh_from_db()
        return export
    export.status, export.done, export.finished_at = RequestExport.State.DONE, total, timezone.now()
    export.save(update_fields=["file", "status", "done", "finished_at", "updated_at"])
    return export


@run_again_if_worker_lost  # it writes the whole file again; a finished export is left as it is
@task()
def build_request_export(export_id: int) -> int:
    """The worker's task for `start_export` (defined here, beside what enqueues it and what it runs). Returns the
    number of lines."""
    export = RequestExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or export.status == RequestExport.State.DONE:
        return 0
    return build_export(export).done


def purge_exports(now: dt.datetime | None = None) -> int:
    """Delete the exports (and their files) older than VIGIE_EXPORT_RETENTION_DAYS. Returns how many."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.VIGIE_EXPORT_RETENTION_DAYS)
    old = list(RequestExport.objects.filter(created_at__lt=limit))
    for export in old:
        if export.file:
            export.file.delete(save=False)
        export.delete()
    return len(old)
