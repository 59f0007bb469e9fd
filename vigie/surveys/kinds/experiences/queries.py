"""Reads of the Services Publics+ experiences: counts by sentiment per year and site, the topics, and the actions
raised from each experience."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count
from django.http import Http404

from vigie.improvement.models import Action
from vigie.organisation.models import Department
from vigie.organisation.queries import visible_departments

from .models import Experience, Sentiment


def visible_experiences(user: User | AnonymousUser):
    return Experience.objects.filter(department__in=visible_departments(user)).select_related("department", "site")


def get_experience_for_user(user: User | AnonymousUser, public_id) -> Experience:
    experience = visible_experiences(user).filter(public_id=public_id).first()
    if experience is None:
        raise Http404("Expérience introuvable.")
    return experience


@dataclass(frozen=True)
class SentimentCounts:
    year: int
    site: str  # the site's name, or « Tout le département » when the experience names none
    positive: int
    neutral: int
    negative: int

    @property
    def total(self) -> int:
        return self.positive + self.neutral + self.negative


def sentiment_counts(experiences) -> list[SentimentCounts]:
    counts: dict[tuple[int, str], Counter] = defaultdict(Counter)
    rows = experiences.values_list("published_on__year", "site__name", "sentiment").annotate(n=Count("id"))
    for year, site, sentiment, n in rows.order_by():
        counts[(year, site or "Tout le département")][sentiment] += n
    return [
        SentimentCounts(year, site, c[Sentiment.POSITIVE], c[Sentiment.NEUTRAL], c[Sentiment.NEGATIVE])
        for (year, site), c in sorted(counts.items(), key=lambda item: (-item[0][0], item[0][1]))
    ]


def topic_counts(experiences) -> list[tuple[str, int]]:
    counter: Counter = Counter()
    for topics in experiences.values_list("topics", flat=True):
        counter.update(topics)
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def department_experiences(user, department: Department, year: int | None = None):
    experiences = visible_experiences(user).filter(department=department)
    return experiences.filter(published_on__year=year) if year else experiences


def actions_by_experience(experiences) -> dict[str, list[Action]]:
    """The actions raised from each experience (by its public id)."""
    ids = [str(pid) for pid in experiences.values_list("public_id", flat=True)]
    found: dict[str, list[Action]] = defaultdict(list)
    for action in Action.objects.filter(
        origin_app="surveys", origin_kind="sp_experience", origin_public_id__in=ids
    ).order_by("opened_on", "id"):
        found[action.origin_public_id].append(action)
    return found
