"""The import screen: the file, the columns mapped (guessed from their names, corrected by hand), all or nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from vigie.surveys.models import Answer, Response

CSV = "Site;Q1 accueil;note-globale;age\npref-51;satisfied;4;33\nsp-reims;very_satisfied;;45\n"


def _upload(client, campaign, content=CSV):
    return client.post(
        f"/enquetes/{campaign.public_id}/import/", {"file": SimpleUploadedFile("reponses.csv", content.encode())}
    )


def test_columns_are_mapped_then_imported(world, campaign):
    client = world.client_for(world.officer)
    page = _upload(client, campaign)
    assert page.status_code == 200
    columns = {c["name"]: c["value"] for c in page.context["columns"]}
    assert columns == {"Site": "site", "Q1 accueil": "", "note-globale": "note-globale", "age": ""}
    assert "Premières lignes du fichier" in page.content.decode()
    # « Q1 accueil » is the courtesy question; « age » is left out
    response = client.post(
        f"/enquetes/{campaign.public_id}/import/",
        {"colonne_0": "site", "colonne_1": "courtoisie", "colonne_2": "note-globale", "colonne_3": ""},
    )
    assert response.status_code == 302 and response["Location"] == f"/enquetes/{campaign.public_id}/"
    assert list(Response.objects.order_by("number").values_list("site__code", "channel")) == [
        ("pref-51", "import"),
        ("sp-reims", "import"),
    ]
    assert Answer.objects.filter(question__code="courtoisie").count() == 2
    assert "2 réponses importées (n° 1 à 2)" in client.get(response["Location"]).content.decode()


def test_a_bad_cell_imports_nothing_and_is_named(world, campaign):
    client = world.client_for(world.officer)
    _upload(client, campaign, CSV + "pref-51;ravi;9;20\n")
    response = client.post(
        f"/enquetes/{campaign.public_id}/import/",
        {"colonne_0": "site", "colonne_1": "courtoisie", "colonne_2": "note-globale", "colonne_3": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ligne 4, colonne courtoisie : « ravi »" in page and "ligne 4, colonne note-globale" in page
    assert not Response.objects.exists()
    # the mapping typed is kept
    assert [c["value"] for c in response.context["columns"]] == ["site", "courtoisie", "note-globale", ""]


def test_two_columns_to_one_question_are_refused(world, campaign):
    client = world.client_for(world.officer)
    _upload(client, campaign)
    response = client.post(
        f"/enquetes/{campaign.public_id}/import/",
        {"colonne_0": "site", "colonne_1": "courtoisie", "colonne_2": "courtoisie", "colonne_3": ""},
    )
    assert "deux colonnes vont vers la même question" in response.content.decode()
    assert not Response.objects.exists()


def test_only_the_quality_officer_imports(world, campaign):
    assert _upload(world.client_for(world.agent), campaign).status_code == 403
    assert _upload(world.client_for(world.officer_b), campaign).status_code == 404
