"""The public page (QR code) and the kiosk: no account, honeypot, accepted-answer limit, no double submission."""

import datetime as dt

import pytest

from tests.surveys.factories import make_campaign
from vigie.surveys.models import Answer, Response


def _url(campaign, site="pref-51"):
    return f"/avis/{campaign.public_id}/{site}/"


def _form(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return page.context["form"]["once"].value()


def test_a_visitor_answers_without_an_account(client, campaign):
    url = _url(campaign)
    page = client.get(url).content.decode()
    assert "La courtoisie des agents" in page and "Sans avis" in page and "5 étoiles sur 5" in page
    once = _form(client, url)
    response = client.post(
        url, {"once": once, "q_courtoisie": "satisfied", "q_note-globale": "4", "q_demarche": "2", "service": ""}
    )
    assert response.status_code == 302 and response["Location"] == f"{url}merci/"
    recorded = Response.objects.get()
    assert (recorded.channel, recorded.site.code, recorded.number, recorded.entered_by) == ("qr", "pref-51", 1, None)
    assert recorded.submitted_on == dt.date(2024, 5, 6)
    assert dict(Answer.objects.values_list("question__code", "value")) == {
        "courtoisie": "satisfied",
        "note-globale": "4",
        "demarche": "2",
    }
    assert "Merci pour votre avis" in client.get(f"{url}merci/").content.decode()


def test_a_double_click_records_one_answer(client, campaign):
    url = _url(campaign)
    once = _form(client, url)
    for _ in range(2):
        assert client.post(url, {"once": once, "q_courtoisie": "satisfied"}).status_code == 302
    assert Response.objects.count() == 1


def test_the_honeypot_keeps_nothing(client, campaign):
    url = _url(campaign)
    response = client.post(url, {"once": _form(client, url), "q_courtoisie": "satisfied", "website": "http://spam"})
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_an_empty_form_is_refused_with_a_summary(client, campaign):
    url = _url(campaign)
    response = client.post(url, {"once": _form(client, url)})
    assert response.status_code == 400
    assert "Répondez à au moins une question avant d&#x27;envoyer." in response.content.decode()
    assert "data-vigie-error-summary" in response.content.decode()
    assert not Response.objects.exists()


def test_beyond_the_limit_the_answers_come_back_unrecorded(client, campaign, settings):
    settings.SURVEY_PUBLIC_RATE = "2/h"
    url = _url(campaign)
    for _ in range(2):
        assert client.post(url, {"once": _form(client, url), "q_courtoisie": "satisfied"}).status_code == 302
    response = client.post(url, {"once": _form(client, url), "q_courtoisie": "dissatisfied", "q_commentaire": "Lent"})
    assert response.status_code == 429
    assert response.context["form"]["q_courtoisie"].value() == "dissatisfied"  # nothing typed is lost
    assert "Lent</textarea>" in response.content.decode()
    assert Response.objects.count() == 2


def test_a_closed_campaign_records_nothing(client, world, frozen):
    campaign = make_campaign(world, start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31))
    url = _url(campaign)
    page = client.get(url).content.decode()
    assert "elle n'est pas ouverte aujourd'hui" in page
    client.post(url, {"once": "x", "q_courtoisie": "satisfied"})
    assert not Response.objects.exists()


def test_a_site_outside_the_campaign_is_404(client, world, campaign):
    assert client.get(_url(campaign, "pref-16")).status_code == 404


def test_the_kiosk_comes_back_empty_after_each_answer_and_remembers_nothing(client, campaign, settings):
    settings.SURVEY_PUBLIC_RATE = "1/h"  # the kiosk has its own allowance, apart from the visitors'
    url = f"/avis/borne/{campaign.kiosk_token}/pref-51/"
    for _ in range(3):
        page = client.get(url)
        assert "no-store" in page["Cache-Control"]
        response = client.post(url, {"once": page.context["form"]["once"].value(), "q_courtoisie": "satisfied"})
        assert response.status_code == 302 and response["Location"] == f"{url}?merci=1"
    thanks = client.get(f"{url}?merci=1")
    content = thanks.content.decode()
    assert "Merci, votre avis est enregistré" in content and 'http-equiv="refresh"' in content
    assert "checked" not in content
    assert list(Response.objects.values_list("channel", flat=True)) == ["kiosk"] * 3


def test_a_wrong_kiosk_secret_is_404(client, campaign):
    assert client.get("/avis/borne/pas-le-bon/pref-51/").status_code == 404


@pytest.mark.parametrize("channels", [["qr", "paper"]])
def test_a_campaign_without_kiosk_refuses_the_kiosk(client, world, frozen, channels):
    from vigie.surveys.kinds.satisfaction.services import create_campaign

    base = make_campaign(world)
    campaign = create_campaign(
        actor=None,
        department=world.dept_a,
        title="Sans borne",
        version=base.version,
        start=base.start,
        end=base.end,
        sites=[world.site_a1],
        channels=channels,
    )
    assert client.get(f"/avis/borne/{campaign.kiosk_token}/pref-51/").status_code == 404
