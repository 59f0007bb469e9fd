from django.db import models

from vigie.core.periods import PeriodKind


class IndicatorKind(models.TextChoices):
    RATE = "rate", "Taux (numérateur / dénominateur)"
    MEAN = "mean", "Moyenne (somme / nombre)"
    COUNT = "count", "Compte"


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    WORKING_DAYS = "working_days", "jours ouvrés"
    DAYS = "days", "jours"
    COUNT = "count", "nombre"
    SCORE = "score", "note sur 5"


class Periodicity(models.TextChoices):
    """How often an indicator is measured: a calendar kind of vigie.core.periods."""

    MONTH = PeriodKind.MONTH.value, "mensuelle"
    QUARTER = PeriodKind.QUARTER.value, "trimestrielle"
    YEAR = PeriodKind.YEAR.value, "annuelle"


class Aggregation(models.TextChoices):
    RATIO_OF_SUMS = "ratio_of_sums", "Somme des numérateurs / somme des dénominateurs"
    MEAN_OF_PERIOD_VALUES = "mean_of_period_values", "Moyenne simple des valeurs mensuelles"
    SUM = "sum", "Somme des comptes"


class TargetDirection(models.TextChoices):
    GTE = "gte", "au moins"
    LTE = "lte", "au plus"


class DenominatorSource(models.TextChoices):
    ENTERED = "entered", "Saisi avec la mesure"
    DEPARTMENT_POPULATION = "department_population", "Population du département"


class Confidence(models.TextChoices):
    CONFIRMED = "C", "Confirmé par une source publique"
    SEED = "S", "Constaté dans un document de préfecture"
    INFERRED = "I", "Déduit par Vigie"
    UNKNOWN = "?", "Inconnu"
