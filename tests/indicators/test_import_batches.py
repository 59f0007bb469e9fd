"""An import writes its measurements and their history in batches: the statements do not grow with the rows
(issue 17), and every row still gets its history; a second import of other values updates in batches too."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vigie.indicators.imports import ParsedRow
from vigie.indicators.models import Measurement, MeasurementChange
from vigie.indicators.services import save_measurements


def _rows(shift=0):
    return [
        ParsedRow(line, "RECLAM-DELAI-OK", site, f"{year}-{month:02d}", Decimal(3 + shift), Decimal(4 + shift))
        for line, (site, year, month) in enumerate(
            ((s, y, m) for s in ("pref-51", "sp-reims") for y in range(2015, 2025) for m in range(1, 13)), start=1
        )
    ]


def test_an_import_of_240_rows_takes_a_few_statements(world):
    with CaptureQueriesContext(connection) as first:
        save_measurements(actor=world.officer, department=world.dept_a, rows=_rows(), source="imported")
    assert Measurement.objects.count() == 240 and MeasurementChange.objects.filter(old__isnull=True).count() == 240
    with CaptureQueriesContext(connection) as second:
        save_measurements(actor=world.officer, department=world.dept_a, rows=_rows(shift=1), source="imported")
    assert len(first) < 15 and len(second) < 15
    changed = MeasurementChange.objects.filter(old__isnull=False)
    assert changed.count() == 240
    change = changed.filter(measurement__period_index=1, measurement__year=2020).first()
    assert change.old["numerator"] == "3.0000" and change.new["numerator"] == "4.0000"
    assert change.changed_by == world.officer
    assert set(Measurement.objects.values_list("numerator", "denominator")) == {(4, 5)}
