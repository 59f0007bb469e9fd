"""Measurement import screen: preview (created / updated / unchanged), confirmation, all-or-nothing,
errors naming the line and the column in French, rights."""

import io

import openpyxl

from vigie.indicators.models import Measurement

URL = "/departements/51/mesures/importer/"
HEADER = "indicator;site;period;numerator;denominator;value\n"


def _csv(text: str, name: str = "mesures.csv") -> io.BytesIO:
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    return upload


def test_preview_counts_created_updated_and_unchanged_then_confirm_saves(world):
    client = world.client_for(world.officer)
    first = HEADER + "TEL-DECROCHE;pref-51;2021-01;80;100;\nTEL-DECROCHE;pref-51;2021-02;85;100;\n"
    client.post(URL, {"file": _csv(first)})
    assert client.post(URL, {"confirm": "1"}).status_code == 302
    assert Measurement.objects.count() == 2

    second = first.replace("2021-02;85", "2021-02;90") + "TEL-DECROCHE;sp-reims;2021-01;40;50;\n"
    preview = client.post(URL, {"file": _csv(second)})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "<td>inchangée</td>" in html and "<td>modification</td>" in html and "<td>création</td>" in html
    assert Measurement.objects.get(period_index=2, site=world.site_a1).numerator == 85  # nothing written yet

    done = client.post(URL, {"confirm": "1"}, follow=True)
    assert "1 mesure(s) créée(s), 1 modifiée(s), 1 inchangée(s)" in done.content.decode()
    assert Measurement.objects.count() == 3
    assert Measurement.objects.get(period_index=2, site=world.site_a1).numerator == 90


def test_one_bad_row_rejects_the_whole_file_with_line_and_column(world):
    client = world.client_for(world.officer)
    text = HEADER + "TEL-DECROCHE;pref-51;2021-01;80;100;\nTEL-INCONNU;pref-51;2021-02;85;100;\n"
    response = client.post(URL, {"file": _csv(text)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Fichier refusé : rien n'a été modifié" in html
    assert "ligne 3, colonne « indicator » : indicateur « TEL-INCONNU » inconnu" in html
    assert not Measurement.objects.exists()
    # nothing is pending: a confirmation now finds no file
    expired = client.post(URL, {"confirm": "1"}, follow=True)
    assert "Le fichier à importer a expiré" in expired.content.decode()
    assert not Measurement.objects.exists()


def test_numerator_above_denominator_is_refused_in_french(world):
    client = world.client_for(world.officer)
    response = client.post(URL, {"file": _csv(HEADER + "TEL-DECROCHE;pref-51;2021-01;120;100;\n")})
    assert response.status_code == 400
    assert "ligne 2, colonne « numerator » : le numérateur (120) dépasse le dénominateur (100)" in (
        response.content.decode()
    )


def test_xlsx_long_format_is_accepted(world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "site", "period", "numerator", "denominator"])
    sheet.append(["TEL-DECROCHE", "sp-reims", "2021-03", 45, 50])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "mesures.xlsx"
    client = world.client_for(world.officer)
    preview = client.post(URL, {"file": buffer})
    assert preview.status_code == 200 and "<td>création</td>" in preview.content.decode()


def test_wide_layout_needs_a_year(world):
    client = world.client_for(world.officer)
    text = "Téléphonie;JANVIER;FEVRIER\nAppels reçus;100;100\n"
    response = client.post(URL, {"file": _csv(text), "year": "", "site": "pref-51"})
    assert response.status_code == 400
    assert "précisez l&#x27;année" in response.content.decode()


def test_readers_agents_and_auditors_may_not_import(world):
    for persona in (world.reader, world.agent, world.auditor):
        client = world.client_for(persona)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"file": _csv(HEADER + "TEL-DECROCHE;pref-51;2021-01;80;100;\n")}).status_code == 403
    assert world.client_for(world.officer_b).get(URL).status_code == 404
    assert not Measurement.objects.exists()


def test_site_correspondent_cannot_confirm_a_file_for_the_whole_department(world):
    client = world.client_for(world.correspondent)
    response = client.post(URL, {"file": _csv(HEADER + "WEB-CONNEXION;;2021-01;30000;;\n")})
    assert response.status_code == 403
    assert not Measurement.objects.exists()


def test_a_long_file_s_preview_counts_every_line_and_lists_the_first_ones(world, monkeypatch):
    from vigie.indicators import screens

    monkeypatch.setattr(screens, "PREVIEW_LINES", 2)
    client = world.client_for(world.officer)
    rows = "".join(f"TEL-DECROCHE;pref-51;2021-{m:02d};80;100;\n" for m in range(1, 6))
    client.post(URL, {"file": _csv(HEADER + rows)})
    assert client.post(URL, {"confirm": "1"}).status_code == 302
    changed = rows.replace("2021-05;80", "2021-05;81") + "TEL-DECROCHE;sp-reims;2021-01;40;50;\n"
    html = client.post(URL, {"file": _csv(HEADER + changed)}).content.decode()
    assert "6 mesures lues :\n 1 à créer, 1 à modifier, 4 inchangées." in html
    assert html.count("<td>TEL-DECROCHE</td>") == 2  # the first two lines only
    assert "… et 4 autres lignes, non affichées ici, qui seront importées de même." in html
    done = client.post(URL, {"confirm": "1"}, follow=True)
    assert "1 mesure(s) créée(s), 1 modifiée(s), 4 inchangée(s)" in done.content.decode()
