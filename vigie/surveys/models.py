"""The surveys' models, defined by kind (Django and the migrations find them here)."""

from vigie.surveys.kinds.continuous.models import Rating, RatingPoint
from vigie.surveys.kinds.experiences.models import Experience
from vigie.surveys.kinds.mystery.models import MysteryCampaign, MysteryContact, SchoolHoliday
from vigie.surveys.kinds.satisfaction.models import (
    Answer,
    Campaign,
    Criterion,
    PublishedRate,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
)

__all__ = [
    "Answer",
    "Campaign",
    "Criterion",
    "Experience",
    "MysteryCampaign",
    "MysteryContact",
    "PublishedRate",
    "Question",
    "Questionnaire",
    "QuestionnaireVersion",
    "Rating",
    "RatingPoint",
    "Response",
    "SchoolHoliday",
]
