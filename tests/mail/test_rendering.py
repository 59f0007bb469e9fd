"""Texts with `{variable}` placeholders written by people: filled, and checked in French when saved."""

import pytest
from django.core.exceptions import ValidationError

from vigie.mail.rendering import check_placeholders, render, unknown_placeholders

NAMES = ["reference", "site"]


def test_known_names_are_filled_and_unknown_ones_left_as_written():
    assert render("Demande {reference} ({site}) {inconnu} {{brut}}", {"reference": "51-1", "site": "Marne"}) == (
        "Demande 51-1 (Marne) {inconnu} {brut}"
    )


def test_only_plain_known_names_pass_the_check():
    assert unknown_placeholders("{reference} {x} {site!r} {site:>9} {x}", NAMES) == ["{x}", "{site!r}", "{site:>9}"]
    assert check_placeholders("{reference} {{ et }}", NAMES) == "{reference} {{ et }}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{reference} {nom}", "Variable inconnue : « {nom} ». Variables disponibles : {reference}, {site}."),
        ("{a} {b}", "Variables inconnues : « {a} », « {b} ». Variables disponibles : {reference}, {site}."),
        ("accolade { seule", "Une accolade est seule : écrivez les variables entre accolades, comme {reference}, "),
    ],
)
def test_a_wrong_placeholder_is_named_in_french(text, message):
    with pytest.raises(ValidationError) as error:
        check_placeholders(text, NAMES)
    assert error.value.messages[0].startswith(message)


def test_french_names_fill_like_the_english_ones_and_the_help_shows_them():
    from vigie.mail.rendering import placeholders_help

    values = {"due_date": "15/05/2024", "tracking_url": "https://x/suivi"}
    assert render("Avant le {date_limite} : {lien_suivi} ({due_date})", values) == (
        "Avant le 15/05/2024 : https://x/suivi (15/05/2024)"
    )
    assert check_placeholders("{date_limite} {due_date}", ["due_date"]) == "{date_limite} {due_date}"
    assert placeholders_help(["due_date", "tracking_url"]) == "Variables disponibles : {date_limite}, {lien_suivi}."
