"""Reads of the continuous rating: the points a user sees, their monthly results, the comments that may be shown
(hidden and erased ones never are)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, QuerySet
from django.http import Http404

from vigie.organisation.models import Department
from vigie.organisation.queries import visible_departments

from .models import Rating, RatingPoint
from .rules import MonthResult, monthly, overall


def visible_points(user: User | AnonymousUser) -> QuerySet[RatingPoint]:
    return RatingPoint.objects.filter(department__in=visible_departments(user)).select_related(
        "department", "site", "service"
    )


def department_points(user: User | AnonymousUser, department: Department) -> list[RatingPoint]:
    return list(visible_points(user).filter(department=department).annotate(rating_count=Count("ratings")))


def get_point_for_user(user: User | AnonymousUser, public_id) -> RatingPoint:
    point = visible_points(user).filter(public_id=public_id).first()
    if point is None:
        raise Http404("Point d'avis introuvable.")
    return point


def public_point(public_id) -> RatingPoint:
    point = RatingPoint.objects.select_related("department", "site", "service").filter(public_id=public_id).first()
    if point is None:
        raise Http404("Page d'avis introuvable.")
    return point


@dataclass(frozen=True)
class PointResults:
    point: RatingPoint
    months: list[MonthResult]

    @property
    def total(self) -> MonthResult | None:
        return overall(self.months)


def point_results(point: RatingPoint, *, year: int | None = None) -> PointResults:
    ratings = Rating.objects.filter(point=point)
    if year is not None:
        ratings = ratings.filter(submitted_on__year=year)
    counts = ratings.values_list("submitted_on__year", "submitted_on__month", "stars").annotate(n=Count("id"))
    return PointResults(point, monthly((dt.date(y, m, 1), stars, n) for y, m, stars, n in counts.order_by()))


def shown_comments(point: RatingPoint, *, limit: int | None = 50) -> list[Rating]:
    """The comments that may be shown, newest first: never a hidden or erased one."""
    ratings = (
        Rating.objects.filter(point=point, comment_hidden_at=None).exclude(comment="").order_by("-submitted_on", "-id")
    )
    return list(ratings[:limit] if limit else ratings)


def hidden_comment_count(point: RatingPoint) -> int:
    return Rating.objects.filter(point=point).exclude(comment_hidden_at=None).count()
