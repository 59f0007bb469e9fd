from django.db import models


class IndicatorKind(models.TextChoices):
    RATE = "rate", "Taux (numérateur / dénominateur)"
    MEAN = "mean", "Moyenne (somme / nombre)"
    COUNT = "count", "Compte"


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    WORKING_DAYS = "working_days", "jours ouvrés"
    DAYS = "days", "jours"
    COUNT = "count", "nombre"


class Periodicity(models.TextChoices):
    MONTH = "month", "mensuelle"
    QUARTER = "quarter", "trimestrielle"
    YEAR = "year", "annuelle"


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
