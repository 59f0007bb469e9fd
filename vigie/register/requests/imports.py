"""A past register brought into Vigie from a CSV or XLSX file (`vigie import_requests`, and the screen « Importer un
registre antérieur »), so that a past year's analysis and indicators exist without one API call per request.

Columns (codes as in the API): `external_ref, received_at, channel, kind, site, service, themes, replied_at`;
optional `subject`, `text`. Themes are separated by `|`; `replied_at` is empty when the request was not answered.
Dates: `2022-03-14 10:30`, `2022-03-14T10:30`, `14/03/2022 10:30`, or a date alone; local time of the department.

- Deadlines come from the calendar and the rule in force on the receipt date (services.Deadlines); the delay and
  « on time » of an answered request as for a reply recorded in Vigie. No e-mail is sent (no acknowledgement).
- Each request is flagged `imported` and keeps its `external_ref`: a second import of the same file creates nothing
  (rows whose reference is already in the department are skipped and counted).
- All or nothing: any error refuses the whole file, each error naming its line and column (core/issues caps the
  list). Unknown themes are listed once; they are created only when asked (`create_themes`).
- Written with bulk_create in batches (references given from the locked yearly counter in one step), then the
  register's indicators are republished once per year of the file, after the commit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.indicators.imports import ParseIssue
from vigie.indicators.imports.tables import TableError, read_table
from vigie.indicators.queries import yearly_values_alone
from vigie.organisation.models import Department, Service, Site
from vigie.register.analysis.indicators import register_codes
from vigie.register.enums import Channel, Kind, Status
from vigie.register.models import ReferenceCounter, RequestEvent, Theme, UserRequest
from vigie.register.requests.indicator_cells import mark_department_cells
from vigie.register.requests.services import CLOCK_TOLERANCE, EARLIEST, Deadlines

REQUIRED = ("external_ref", "received_at", "channel", "kind", "site", "service", "themes", "replied_at")
OPTIONAL = ("subject", "text")
BATCH = 500
THEME_SEPARATOR = "|"
DEFAULT_SUBJECT = "Demande importée ({ref})"
DEFAULT_TEXT = "Demande importée d'un registre antérieur (référence d'origine {ref}) : texte non repris."
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M:%S",
            "%d/%m/%Y %H:%M")  # fmt: skip
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class ImportRow:
    line: int
    external_ref: str
    received_at: dt.datetime
    received_date: dt.date
    channel: str
    kind: str
    site: Site
    service: Service | None
    themes: tuple[str, ...]
    replied_at: dt.datetime | None
    replied_date: dt.date | None
    subject: str
    text: str


@dataclass
class ImportPlan:
    """What a file would do: the new rows, the rows already imported (skipped), the unknown themes, the errors."""

    rows: list[ImportRow] = field(default_factory=list)
    already: int = 0
    unknown_themes: list[str] = field(default_factory=list)
    errors: list[ParseIssue] = field(default_factory=list)

    def summary(self) -> list[dict]:
        """Per year and site: the requests to create, of which answered (for the preview)."""
        counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        for row in self.rows:
            line = counts[(row.received_date.year, row.site.name)]
            line[0] += 1
            line[1] += row.replied_at is not None
        return [
            {"year": year, "site": site, "count": count, "answered": answered}
            for (year, site), (count, answered) in sorted(counts.items())
        ]


class ImportRefused(ValueError):
    def __init__(self, errors: list[ParseIssue]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def _moment(text: str, calendar: WorkingCalendar) -> tuple[dt.datetime, bool] | None:
    """A local date-time, and whether the file gave a time; None when the text is not a date."""
    text = text.strip()
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=calendar.time_zone), True
        except ValueError:
            continue
    for fmt in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).replace(tzinfo=calendar.time_zone).date()
        except ValueError:
            continue
        return dt.datetime.combine(day, dt.time(12, 0), calendar.time_zone), False
    return None


def _calendar(calendars: dict[int, WorkingCalendar], site: Site) -> WorkingCalendar:
    """The site's calendar, read once per site (its closures are a query)."""
    if site.pk not in calendars:
        calendars[site.pk] = site.calendar()
    return calendars[site.pk]


def plan_import(*, department: Department, content: bytes, filename: str) -> ImportPlan:
    """Read and check the whole file (nothing is written)."""
    plan = ImportPlan()
    try:
        table = read_table(content, filename)
    except TableError as exc:
        plan.errors = list(exc.issues)
        return plan
    header_at = next((i for i, cells in enumerate(table) if any(c.strip() for c in cells)), None)
    if header_at is None:
        plan.errors = [ParseIssue(None, None, "le fichier ne contient aucune ligne de données")]
        return plan
    header = [c.strip().lower() for c in table[header_at]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        plan.errors = [
            ParseIssue(
                header_at + 1,
                None,
                "colonnes manquantes : " + ", ".join(missing) + " (attendues : " + ", ".join(REQUIRED) + ")",
            )  # fmt: skip
        ]
        return plan
    index = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    sites = {s.code: s for s in Site.objects.filter(department=department)}
    services = {(s.site_id, s.code): s for s in Service.objects.filter(site__department=department)}
    themes = {t.name.casefold(): t.name for t in Theme.objects.filter(department=department)}
    unknown: dict[str, str] = {}
    calendars: dict[int, WorkingCalendar] = {}
    seen: dict[str, int] = {}
    now = timezone.now()
    earliest = None
    kinds, channels = set(Kind.values), set(Channel.values)
    for position in range(header_at + 1, len(table)):
        cells = table[position]
        if not any(c.strip() for c in cells):
            continue
        line = position + 1

        def cell(name: str, cells=cells) -> str:
            at = index.get(name)
            return cells[at].strip() if at is not None and at < len(cells) else ""

        errors = []

        def refuse(column: str, message: str, line=line, errors=errors) -> None:
            errors.append(ParseIssue(line, column, message))

        ref = cell("external_ref")
        if not ref:
            refuse("external_ref", "la référence d'origine est obligatoire (elle rend l'import rejouable)")
        elif len(ref) > 100:
            refuse("external_ref", "100 caractères au plus")
        elif ref in seen:
            refuse("external_ref", f"référence « {ref} » déjà à la ligne {seen[ref]}")
        else:
            seen[ref] = line
        kind, channel = cell("kind").lower(), cell("channel").lower()
        if kind not in kinds:
            refuse("kind", f"nature « {cell('kind')} » inconnue (attendu : {', '.join(Kind.values)})")
        if channel not in channels:
            refuse("channel", f"canal « {cell('channel')} » inconnu (attendu : {', '.join(Channel.values)})")
        site = sites.get(cell("site"))
        if site is None:
            refuse("site", f"site « {cell('site')} » inconnu dans le département {department.code}")
        service = None
        if cell("service") and site is not None:
            service = services.get((site.pk, cell("service")))
            if service is None:
                refuse("service", f"service « {cell('service')} » inconnu sur le site {site.code}")
        calendar = _calendar(calendars, site) if site is not None else WorkingCalendar.for_department(department.code)
        earliest = earliest or dt.datetime.combine(EARLIEST, dt.time(), calendar.time_zone)
        received = _moment(cell("received_at"), calendar)
        if received is None:
            refuse("received_at", f"date « {cell('received_at')} » illisible (ex. 2022-03-14 10:30 ou 14/03/2022)")
        elif received[0] < earliest or received[0] > now + CLOCK_TOLERANCE:
            refuse("received_at", f"date « {cell('received_at')} » hors de la période acceptée (2000 à aujourd'hui)")
        replied = None
        if cell("replied_at"):
            replied = _moment(cell("replied_at"), calendar)
            if replied is None:
                refuse("replied_at", f"date « {cell('replied_at')} » illisible (ex. 2022-03-20 ou 20/03/2022 14:00)")
            elif replied[0] > now + CLOCK_TOLERANCE:
                refuse("replied_at", "la réponse est dans le futur")
            elif received is not None:
                if not replied[1] or not received[1]:  # a date alone: compared by day
                    if calendar.local_date(replied[0]) < calendar.local_date(received[0]):
                        refuse("replied_at", "la réponse précède la réception")
                    else:
                        replied = (max(replied[0], received[0]), replied[1])
                elif replied[0] < received[0]:
                    refuse("replied_at", "la réponse précède la réception")
        names = tuple(dict.fromkeys(n.strip() for n in cell("themes").split(THEME_SEPARATOR) if n.strip()))
        for name in names:
            if name.casefold() not in themes:
                unknown.setdefault(name.casefold(), name)
        subject, text = cell("subject")[:200], cell("text")
        if errors:
            plan.errors += errors
            continue
        plan.rows.append(
            ImportRow(
                line=line,
                external_ref=ref,
                received_at=received[0],
                received_date=calendar.local_date(received[0]),
                channel=channel,
                kind=kind,
                site=site,
                service=service,
                themes=tuple(themes.get(n.casefold(), n) for n in names),
                replied_at=replied[0] if replied else None,
                replied_date=calendar.local_date(replied[0]) if replied else None,
                subject=subject or DEFAULT_SUBJECT.format(ref=ref)[:200],
                text=text or DEFAULT_TEXT.format(ref=ref),
            )
        )
    plan.unknown_themes = sorted(unknown.values(), key=str.casefold)
    if not plan.rows and not plan.errors:
        plan.errors = [ParseIssue(None, None, "le fichier ne contient aucune ligne de données")]
    if plan.errors:
        plan.rows = []
        return plan
    # the register publishes its indicators per month: a yearly value alone typed for one of them would refuse them
    years = {row.received_date.year for row in plan.rows}
    for code, year in yearly_values_alone(department=department, codes=register_codes(), years=years):
        plan.errors.append(
            ParseIssue(
                None,
                None,
                f"l'indicateur {code} a une valeur annuelle seule pour {year} : supprimez-la avant d'importer le "
                "registre de cette année (le registre publie ses valeurs mois par mois)",
            )
        )
    if plan.errors:
        plan.rows = []
        return plan
    existing = set(
        UserRequest.objects.filter(
            department=department, external_ref__in=[r.external_ref for r in plan.rows]
        ).values_list("external_ref", flat=True)
    )
    plan.already = sum(1 for r in plan.rows if r.external_ref in existing)
    plan.rows = [r for r in plan.rows if r.external_ref not in existing]
    return plan


def _references(department: Department, year: int, count: int) -> list[str]:
    """`count` consecutive references of the department's year, from the locked counter (no gap, no clash with a
    request recorded at the same time)."""
    for _ in range(3):
        try:
            with transaction.atomic():
                ReferenceCounter.objects.get_or_create(department=department, year=year)
            break
        except IntegrityError:
            continue
    counter = ReferenceCounter.objects.select_for_update().get(department=department, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [f"{department.code}-{year}-{number:06d}" for number in range(first, first + count)]


@transaction.atomic
def import_requests(
    *, actor, department: Department, content: bytes, filename: str, create_themes: bool = False
) -> ImportPlan:
    """Check the file, then create its new requests, all or nothing. Raises ImportRefused (errors by line and
    column; unknown themes refused unless `create_themes`)."""
    plan = plan_import(department=department, content=content, filename=filename)
    if plan.errors:
        raise ImportRefused(plan.errors)
    if plan.unknown_themes and not create_themes:
        raise ImportRefused(
            [
                ParseIssue(
                    None,
                    "themes",
                    "thèmes inconnus du département : "
                    + ", ".join(plan.unknown_themes)
                    + " (créez-les, ou cochez « Créer ces thèmes »)",
                )
            ]  # fmt: skip
        )
    if plan.unknown_themes:
        Theme.objects.bulk_create([Theme(department=department, name=name) for name in plan.unknown_themes])
    if not plan.rows:
        return plan
    deadlines = Deadlines(department)
    calendars: dict[int, WorkingCalendar] = {}
    by_year: dict[int, list[ImportRow]] = defaultdict(list)
    for row in sorted(plan.rows, key=lambda r: (r.received_at, r.line)):
        by_year[row.received_date.year].append(row)
    created = []
    for year, rows in sorted(by_year.items()):
        for row, reference in zip(rows, _references(department, year, len(rows)), strict=True):
            calendar = _calendar(calendars, row.site)
            days = deadlines.on(row.kind, row.channel, row.received_date)
            due = calendar.due_date(row.received_date, days) if days is not None else None
            delay = calendar.delay(row.received_date, row.replied_date) if row.replied_date else None
            created.append(
                UserRequest(
                    department=department,
                    reference=reference,
                    kind=row.kind,
                    channel=row.channel,
                    received_at=row.received_at,
                    received_date=row.received_date,
                    site=row.site,
                    service=row.service,
                    subject=row.subject,
                    text=row.text,
                    status=Status.ANSWERED if row.replied_at else (Status.ASSIGNED if row.service else Status.RECEIVED),
                    deadline_days=days,
                    due_date=due,
                    replied_at=row.replied_at,
                    replied_date=row.replied_date,
                    delay_working_days=delay,
                    on_time=None if due is None or row.replied_date is None else row.replied_date <= due,
                    external_ref=row.external_ref,
                    imported=True,
                )
            )
    UserRequest.objects.bulk_create(created, batch_size=BATCH)
    pks = dict(
        UserRequest.objects.filter(
            department=department, external_ref__in=[r.external_ref for r in plan.rows]
        ).values_list("external_ref", "pk")
    )
    theme_pks = {t.name.casefold(): t.pk for t in Theme.objects.filter(department=department)}
    through = UserRequest.themes.through
    through.objects.bulk_create(
        [
            through(userrequest_id=pks[row.external_ref], theme_id=theme_pks[name.casefold()])
            for row in plan.rows
            for name in row.themes
        ],
        batch_size=BATCH,
    )
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(
                request_id=pks[row.external_ref],
                actor=actor,
                action=RequestEvent.Action.CREATED,
                detail=f"Importée d'un registre antérieur (référence d'origine {row.external_ref})"[:250],
            )
            for row in plan.rows
        ],
        batch_size=BATCH,
    )
    # the cells (site, month) of the imported requests, recomputed by the worker after the commit
    mark_department_cells(department.pk, {(r.site.pk, r.received_date.year, r.received_date.month) for r in plan.rows})
    return plan
