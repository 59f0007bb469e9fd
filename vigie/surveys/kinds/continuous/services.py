"""Writes of the continuous rating: opening a point (quality officer), recording a rating (public page), hiding a
comment (quality officer), erasing expired comments (daily retention job)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.organisation.models import Department, Service, Site

from .models import Rating, RatingPoint

COMMENT_LENGTH = 1000


class RatingRejected(ValueError):
    """Refused input, nothing written; the message is French."""


def department_today(department: Department) -> dt.date:
    return WorkingCalendar.for_department(department.code).local_date(timezone.now())


@transaction.atomic
def open_point(
    *, actor: User | None, department: Department, site: Site, service: Service | None = None
) -> RatingPoint:
    """The point of a site (or of one of its services); opening it again gives the same point back, reopened."""
    if site.department_id != department.pk:
        raise RatingRejected("ce site n'est pas du département")
    if service is not None and service.site_id != site.pk:
        raise RatingRejected("ce service n'est pas de ce site")
    point, _ = RatingPoint.objects.get_or_create(department=department, site=site, service=service)
    if not point.active:
        point.active = True
        point.save(update_fields=["active", "updated_at"])
    return point


def set_point_open(*, point: RatingPoint, active: bool) -> RatingPoint:
    """A closed point's page says so and records nothing; its ratings stay."""
    point.active = active
    point.save(update_fields=["active", "updated_at"])
    return point


def record_rating(*, point: RatingPoint, stars: int, comment: str = "", on: dt.date | None = None) -> Rating:
    if not point.active:
        raise RatingRejected("ce point d'avis est fermé")
    if stars not in (1, 2, 3, 4, 5):
        raise RatingRejected("choisissez une note de 1 à 5 étoiles")
    comment = comment.strip()
    if len(comment) > COMMENT_LENGTH:
        raise RatingRejected(f"commentaire de {COMMENT_LENGTH} caractères au plus")
    today = department_today(point.department)
    if on is not None and on > today:
        raise RatingRejected("date dans le futur")
    return Rating.objects.create(point=point, stars=stars, comment=comment, submitted_on=on or today)


@transaction.atomic
def hide_comment(*, actor: User, rating: Rating) -> Rating:
    """Out of every display and export from now on; who hid it and when are kept (hiding twice changes nothing)."""
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    if rating.comment_hidden_at is None:
        rating.comment_hidden_at, rating.comment_hidden_by = timezone.now(), actor
        rating.save(update_fields=["comment_hidden_at", "comment_hidden_by", "updated_at"])
    return rating


def erase_expired_comments(today: dt.date | None = None) -> int:
    """The comments older than SURVEY_COMMENT_RETENTION_DAYS are erased (the stars stay): returns how many."""
    today = today or timezone.localdate()
    limit = today - dt.timedelta(days=settings.SURVEY_COMMENT_RETENTION_DAYS)
    return (
        Rating.objects.filter(submitted_on__lt=limit)
        .exclude(comment="")
        .update(comment="", comment_erased_on=today, updated_at=timezone.now())
    )
