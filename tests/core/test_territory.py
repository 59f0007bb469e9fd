import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.core.territory import UnknownDepartmentCode, territory_for

METROPOLITAN = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]


@pytest.mark.parametrize(
    ("code", "calendar", "subdivision", "tz"),
    [
        ("51", "Métropole", None, "Europe/Paris"),
        ("2A", "Métropole", None, "Europe/Paris"),
        ("57", "Alsace-Moselle", "57", "Europe/Paris"),
        ("67", "Alsace-Moselle", "6AE", "Europe/Paris"),
        ("68", "Alsace-Moselle", "6AE", "Europe/Paris"),
        ("971", "Guadeloupe", "971", "America/Guadeloupe"),
        ("973", "Guyane", "973", "America/Cayenne"),
        ("974", "La Réunion", "974", "Indian/Reunion"),
        ("976", "Mayotte", "976", "Indian/Mayotte"),
    ],
)
def test_calendar_and_time_zone_come_from_the_code(code, calendar, subdivision, tz):
    territory = territory_for(code)
    assert (territory.calendar_name, territory.holiday_subdivision, territory.time_zone) == (
        calendar,
        subdivision,
        tz,
    )


@pytest.mark.parametrize("code", ["20", "00", "96", "970", "2C", "", "999", "A1"])
def test_codes_that_are_not_departments_are_refused_in_french(code):
    with pytest.raises(UnknownDepartmentCode, match="n'est pas un code de département INSEE"):
        territory_for(code)


def test_single_digit_code_is_padded():
    assert territory_for("1").code == "01"


@given(st.sampled_from(METROPOLITAN))
def test_every_metropolitan_code_except_alsace_moselle_follows_the_national_calendar(code):
    territory = territory_for(code)
    if code in ("57", "67", "68"):
        assert territory.calendar_name == "Alsace-Moselle"
    else:
        assert (territory.holiday_subdivision, territory.time_zone) == (None, "Europe/Paris")


@given(st.sampled_from(["57", "67", "68", "971", "972", "973", "974", "976"]))
def test_every_subdivision_is_known_to_the_holidays_package(code):
    import holidays

    days = holidays.country_holidays("FR", subdiv=territory_for(code).holiday_subdivision, years=2024)
    assert len(days) >= 11
