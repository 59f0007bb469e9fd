"""Services Publics+ (« Je donne mon avis ») experiences: the platform's export imported with a preview, all or
nothing with French errors naming line and column, idempotent by the platform's id; counts by sentiment per year and
site, topics, answers and their delay, actions raised from an experience."""

import html
import io

from openpyxl import Workbook

from vigie.improvement.models import Action
from vigie.surveys.kinds.experiences.models import Experience

CSV = (
    "id;date;titre;ressenti;thematiques;structure;repondu;date de reponse\n"
    "EXP-101;2023-02-01;Prise d'empreintes au service séjour;positif;Accueil;pref-51;oui;2023-02-08\n"
    "EXP-102;15/03/2023;Temps d'attente à l'accueil;négatif;Accueil;Délai;sp-reims;non;\n"
    "EXP-103;2024-01-10;Certificat de situation d'un véhicule;neutre;Démarches en ligne;;oui;2024-01-11\n"
)


def _post_file(client, content: bytes, name: str = "export.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post("/departements/51/enquetes/services-publics-plus/import/", {"file": upload})


def test_preview_then_import_then_reimport_changes_nothing(world):
    client = world.client_for(world.officer)
    csv = CSV.replace(";Accueil;Délai;", ";Accueil|Délai;").encode()
    preview = _post_file(client, csv)
    assert preview.status_code == 200 and "Aperçu" in preview.content.decode()
    assert not Experience.objects.exists()  # nothing written before « Importer »
    assert client.post("/departements/51/enquetes/services-publics-plus/import/").status_code == 302
    assert Experience.objects.count() == 3
    _post_file(client, csv)
    assert "déjà importée" in client.get("/departements/51/enquetes/services-publics-plus/import/").content.decode()
    client.post("/departements/51/enquetes/services-publics-plus/import/")
    assert Experience.objects.count() == 3
    first = Experience.objects.get(platform_id="EXP-101")
    assert first.answered and first.answer_days == 7 and first.site == world.site_a1
    assert Experience.objects.get(platform_id="EXP-102").topics == ["Accueil", "Délai"]


def test_a_bad_file_records_nothing_and_names_line_and_column(world):
    client = world.client_for(world.officer)
    bad = (
        b"id;date;titre;ressenti;structure\n"
        b"EXP-1;2023-02-01;Bien;positif;pref-51\n"
        b"EXP-2;31/02/2023;Mal;furieux;inconnu\n"
    )
    response = _post_file(client, bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "ligne 3, colonne date" in page and "ligne 3, colonne ressenti" in page and "ligne 3, colonne structure" in page
    )
    assert client.post("/departements/51/enquetes/services-publics-plus/import/").status_code == 400
    assert not Experience.objects.exists()
    missing = _post_file(client, b"date;titre\n2023-01-01;x\n").content.decode()
    assert "colonne id : colonne obligatoire absente" in missing


def test_an_xlsx_export_is_read_too(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["Identifiant", "Date de publication", "Titre", "Ressenti"])
    sheet.append(["X-1", "2024-02-02", "Plateforme naturalisation", "négatif"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = world.client_for(world.officer)
    assert _post_file(client, buffer.getvalue(), "export.xlsx").status_code == 200
    client.post("/departements/51/enquetes/services-publics-plus/import/")
    assert Experience.objects.get().sentiment == "negative"


def test_counts_topics_answers_and_an_action(world):
    client = world.client_for(world.officer)
    _post_file(client, CSV.replace(";Accueil;Délai;", ";Accueil;").encode())
    client.post("/departements/51/enquetes/services-publics-plus/import/")
    api = world.client_for(world.reader).get("/api/v1/surveys/sp-experiences?department=51").json()
    counts = {(c["year"], c["site"]): (c["positive"], c["neutral"], c["negative"]) for c in api["counts"]}
    assert counts[(2023, world.site_a1.name)] == (1, 0, 0)
    assert counts[(2023, world.site_a2.name)] == (0, 0, 1)
    assert counts[(2024, "Tout le département")] == (0, 1, 0)
    assert {t["topic"]: t["count"] for t in api["topics"]}["Accueil"] == 2
    experience = Experience.objects.get(platform_id="EXP-102")
    assert (
        world.client_for(world.reader)
        .post(f"/enquetes/services-publics-plus/{experience.public_id}/action/")
        .status_code
        == 403
    )
    assert client.post(f"/enquetes/services-publics-plus/{experience.public_id}/action/").status_code == 302
    action = Action.objects.get()
    assert (action.origin_kind, action.origin_public_id) == ("sp_experience", str(experience.public_id))
    page = world.client_for(world.reader).get("/departements/51/enquetes/services-publics-plus/").content.decode()
    assert html.escape(action.title) in page and "répondue en 7 jours" in page and "sans réponse" in page
    api = world.client_for(world.reader).get("/api/v1/surveys/sp-experiences?department=51&year=2023").json()
    assert [e["actions"] for e in api["experiences"] if e["platform_id"] == "EXP-102"] == [[str(action.public_id)]]


def test_a_topic_links_to_its_experiences(world):
    client = world.client_for(world.officer)
    _post_file(client, CSV.replace(";Accueil;Délai;", ";Accueil|Délai;").encode())
    client.post("/departements/51/enquetes/services-publics-plus/import/")
    page = client.get("/departements/51/enquetes/services-publics-plus/?thematique=D%C3%A9marches%20en%20ligne")
    text = page.content.decode()
    assert "Certificat de situation" in text and "Temps d&#x27;attente" not in text
    assert "thematique=D%C3%A9marches%20en%20ligne" in text


def test_the_command_imports_all_or_nothing_and_again_changes_nothing(world, tmp_path):
    import pytest
    from django.core.management import CommandError, call_command

    good = tmp_path / "export.csv"
    good.write_text(CSV.replace(";Accueil;Délai;", ";Accueil|Délai;"), encoding="utf-8")
    out = io.StringIO()
    call_command("import_sp_experiences", str(good), "--department", "51", "--dry-run", stdout=out)
    assert "3 expériences lues (3 nouvelles)" in out.getvalue() and not Experience.objects.exists()
    call_command("import_sp_experiences", str(good), "--department", "51", stdout=out)
    call_command("import_sp_experiences", str(good), "--department", "51", stdout=out)
    assert Experience.objects.count() == 3 and "0 expérience(s) ajoutée(s), 3 mise(s) à jour" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text("id;date;titre;ressenti\nX-9;2024-01-01;Bien;positif\nX-10;hier;Mal;négatif\n", encoding="utf-8")
    with pytest.raises(CommandError, match="ligne 3, colonne date"):
        call_command("import_sp_experiences", str(bad), "--department", "51", stdout=out)
    assert not Experience.objects.filter(platform_id="X-9").exists()
