"""vigie generate_document KIND (--meeting ID | --department CODE --year N [--site CODE]) --out FILE

Builds the document synchronously (the same builders as the worker) and writes it to FILE; nothing is stored."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vigie.documents.enums import DocumentKind
from vigie.documents.queries import latest_publication, publications_of
from vigie.documents.services import Subject, build_bytes
from vigie.documents.sources import committee_queries
from vigie.organisation.models import Department, Site


class Command(BaseCommand):
    help = "Génère un document (diaporama, compte rendu, résultats, affiche) dans un fichier."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=DocumentKind.values)
        parser.add_argument("--meeting", type=int, help="identifiant de la réunion (comités)")
        parser.add_argument("--department", help="code du département")
        parser.add_argument("--year", type=int)
        parser.add_argument("--site", help="code du site")
        parser.add_argument("--out", required=True, help="fichier à écrire")

    def handle(self, *args, kind, meeting, department, year, site, out, **options):
        started = time.perf_counter()
        if meeting is not None:
            record = committee_queries.meeting_record(meeting)
            if record is None:
                raise CommandError(f"réunion {meeting} introuvable")
            chosen = Department.objects.get(pk=record.department_id)
            year = year or timezone.localtime(record.starts_at).year - 1  # a committee reviews the past year
        else:
            if not department or not year:
                raise CommandError("indiquez --meeting, ou --department et --year")
            chosen = Department.objects.filter(code=department.upper()).first()
            if chosen is None:
                raise CommandError(f"département {department} introuvable")
        place = None
        if site:
            place = Site.objects.filter(department=chosen, code=site).first()
            if place is None:
                raise CommandError(f"site {site} introuvable dans le département {chosen.code}")
        publication = None
        if kind in (DocumentKind.POSTER, DocumentKind.POSTER_A3):
            publication = publications_of(chosen, place).filter(year=year).first() if year else None
            publication = publication or latest_publication(chosen, place)
        try:
            content = build_bytes(kind, Subject(chosen, year, place, meeting, publication))
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        Path(out).write_bytes(content)
        self.stdout.write(f"{out} : {len(content)} octets en {time.perf_counter() - started:.2f} s")
