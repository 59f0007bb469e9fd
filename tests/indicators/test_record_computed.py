"""record_computed: the one typed way another app publishes computed measurements (the register today)."""

from decimal import Decimal

import pytest

from vigie.core.periods import Period
from vigie.indicators.imports import ParsedRow
from vigie.indicators.models import Measurement, MeasurementChange
from vigie.indicators.services import ComputedValue, MeasurementsRejected, record_computed, save_measurements

YEAR = Period.of_year(2024)
CODES = ["RECLAM-DELAI-OK", "RECLAM-DELAI"]


def _rate(month, numerator, denominator, site):
    return ComputedValue(
        "RECLAM-DELAI-OK", Period.of_month(2024, month), Decimal(numerator), Decimal(denominator), site
    )


def _stored():
    return sorted(
        Measurement.objects.values_list("indicator__code", "site__code", "period_index", "numerator", "source")
    )


def test_computed_values_are_saved_with_their_history(world):
    recorded = record_computed(
        department=world.dept_a,
        span=YEAR,
        codes=CODES,
        values=[_rate(5, 1, 4, world.site_a1), _rate(5, 2, 2, world.site_a2)],
    )
    assert recorded.created == 2 and recorded.deleted == 0
    assert _stored() == [
        ("RECLAM-DELAI-OK", "pref-51", 5, Decimal(1), "computed"),
        ("RECLAM-DELAI-OK", "sp-reims", 5, Decimal(2), "computed"),
    ]
    change = MeasurementChange.objects.get(measurement__site=world.site_a1)
    assert (change.source, change.changed_by, change.old, change.author_label) == ("computed", None, None, "Vigie")


def test_a_new_computation_updates_keeps_and_deletes_only_its_own_stale_values(world):
    record_computed(
        department=world.dept_a,
        span=YEAR,
        codes=CODES,
        values=[_rate(5, 1, 4, world.site_a1), _rate(6, 1, 1, world.site_a1)],
    )
    save_measurements(  # typed or imported figures of the same indicator are never touched
        actor=None,
        department=world.dept_a,
        rows=[ParsedRow(1, "RECLAM-DELAI-OK", "pref-51", "2024-01", Decimal(3), Decimal(4))],
        source="imported",
    )
    december = ComputedValue("RECLAM-DELAI-OK", Period.of_month(2023, 12), Decimal(0), Decimal(1), world.site_a1)
    record_computed(department=world.dept_a, span=Period.of_year(2023), codes=CODES, values=[december])  # not 2024
    recorded = record_computed(department=world.dept_a, span=YEAR, codes=CODES, values=[_rate(5, 2, 4, world.site_a1)])
    assert (recorded.created, recorded.updated, recorded.unchanged, recorded.deleted) == (0, 1, 0, 1)
    assert sorted(Measurement.objects.values_list("year", "period_index", "numerator", "source")) == [
        (2023, 12, Decimal(0), "computed"),
        (2024, 1, Decimal(3), "imported"),
        (2024, 5, Decimal(2), "computed"),
    ]
    again = record_computed(department=world.dept_a, span=YEAR, codes=CODES, values=[_rate(5, 2, 4, world.site_a1)])
    assert (again.unchanged, again.deleted) == (1, 0)


def test_indicators_outside_the_codes_are_not_deleted(world):
    record_computed(
        department=world.dept_a,
        span=YEAR,
        codes=["COURRIEL-INFO-5J"],
        values=[ComputedValue("COURRIEL-INFO-5J", Period.of_month(2024, 2), Decimal(1), Decimal(1), world.site_a1)],
    )
    record_computed(department=world.dept_a, span=YEAR, codes=CODES, values=[])
    assert [code for code, *_ in _stored()] == ["COURRIEL-INFO-5J"]


def test_a_value_the_indicator_refuses_refuses_the_whole_batch(world):
    with pytest.raises(MeasurementsRejected, match="dépasse le dénominateur"):
        record_computed(
            department=world.dept_a,
            span=YEAR,
            codes=CODES,
            values=[_rate(5, 1, 4, world.site_a1), _rate(6, 5, 4, world.site_a1)],
        )
    with pytest.raises(MeasurementsRejected, match="périodicité"):
        record_computed(
            department=world.dept_a,
            span=YEAR,
            codes=CODES,
            values=[ComputedValue("RECLAM-DELAI-OK", Period.of_quarter(2024, 1), Decimal(1), Decimal(1))],
        )
    with pytest.raises(MeasurementsRejected, match="hors du département"):
        record_computed(department=world.dept_a, span=YEAR, codes=CODES, values=[_rate(5, 1, 4, world.site_b1)])
    assert not Measurement.objects.exists()


def test_a_value_outside_the_codes_or_the_span_is_a_programming_error(world):
    with pytest.raises(ValueError, match="hors de"):
        record_computed(
            department=world.dept_a, span=Period.of_quarter(2024, 1), codes=CODES, values=[_rate(5, 1, 4, None)]
        )
    with pytest.raises(ValueError, match="hors de"):
        record_computed(department=world.dept_a, span=YEAR, codes=["RECLAM-DELAI"], values=[_rate(5, 1, 4, None)])
