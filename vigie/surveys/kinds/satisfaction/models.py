"""Satisfaction surveys: criteria (the shipped library is data, a department adds its own), questionnaires in
immutable versions, campaigns that freeze the version they use, responses and their answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vigie.core.models import BaseModel
from vigie.organisation.models import Department, Service, Site
from vigie.surveys.enums import ResponseChannel, Scale


class CriterionText(models.Model):
    """What a criterion says: kept by a department's criterion and copied by each question that asks it."""

    code = models.SlugField("code", max_length=50)
    label = models.CharField("question", max_length=300)
    theme = models.CharField("thème", max_length=100, blank=True)
    scale = models.CharField("échelle", max_length=20, choices=Scale.choices)
    choices = models.JSONField("choix", default=list, blank=True)

    class Meta:
        abstract = True


class Criterion(BaseModel, CriterionText):
    """A department's own criterion, beside the shipped library (kinds/satisfaction/data/criteria.yaml)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="survey_criteria")

    class Meta:
        verbose_name = "critère d'enquête"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["department", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return self.label


class Questionnaire(BaseModel):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="questionnaires")
    title = models.CharField("titre", max_length=200)

    class Meta:
        verbose_name = "questionnaire"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class QuestionnaireVersion(BaseModel):
    """Never changed once written: a change to a questionnaire is a new version; campaigns keep theirs."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")

    class Meta:
        verbose_name = "version de questionnaire"
        ordering = ["questionnaire", "number"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"], name="questionnaire_version_unique")]

    def __str__(self) -> str:
        return f"{self.questionnaire} (version {self.number})"


class Question(CriterionText):
    """A criterion as a version asked it: its texts are copied, so a later edit changes no past campaign."""

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("rang")

    class Meta:
        verbose_name = "question"
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_code_unique_in_version"),
            models.UniqueConstraint(fields=["version", "position"], name="question_position_unique_in_version"),
        ]

    def __str__(self) -> str:
        return self.label


class Campaign(BaseModel):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="survey_campaigns")
    title = models.CharField("titre", max_length=200)
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="campaigns", verbose_name="questionnaire"
    )
    start = models.DateField("début")
    end = models.DateField("fin")
    sites = models.ManyToManyField(Site, related_name="survey_campaigns", verbose_name="sites")
    services = models.ManyToManyField(Service, related_name="survey_campaigns", blank=True, verbose_name="services")
    channels = models.JSONField("canaux", default=list)
    # the kiosk's address holds this secret: a tablet posts at its own rate, apart from the QR code's visitors
    kiosk_token = models.CharField(max_length=40, unique=True, editable=False)

    class Meta:
        verbose_name = "campagne d'enquête"
        ordering = ["-start", "title"]
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="campaign_dates")]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        return "satisfaction"


class Response(BaseModel):
    """One respondent's form. No personal data: neither the address nor the browser are kept. `number` is the
    campaign's running number (written on a paper form so it can be found again)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="survey_responses")
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="survey_responses"
    )
    channel = models.CharField("canal", max_length=10, choices=ResponseChannel.choices)
    number = models.PositiveIntegerField("numéro")
    submitted_on = models.DateField("date de réponse")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "réponse"
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="response_number_unique")]
        indexes = [models.Index(fields=["campaign", "site"])]

    def __str__(self) -> str:
        return f"{self.campaign} n° {self.number}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField("réponse", max_length=20)  # very_satisfied…, yes/no, 1–5, a choice's number, "text"
    text = models.TextField("texte", blank=True)

    class Meta:
        verbose_name = "réponse à une question"
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")]
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self) -> str:
        return f"{self.question.code} = {self.value}"


class PublishedRate(models.Model):
    """A rate an earlier year published without its basis (only « 96 % »): the change in points of a department's
    first campaign is computed against it, and said to be so."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="published_survey_rates")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    code = models.SlugField("critère", max_length=50)
    rate = models.DecimalField("taux publié (%)", max_digits=6, decimal_places=3)
    source = models.CharField("source", max_length=200, blank=True)

    class Meta:
        verbose_name = "taux publié (base inconnue)"
        constraints = [
            models.UniqueConstraint(fields=["department", "site", "year", "code"], name="published_rate_unique"),
            models.CheckConstraint(condition=models.Q(rate__gte=0, rate__lte=100), name="published_rate_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.year} : {self.rate} %"
