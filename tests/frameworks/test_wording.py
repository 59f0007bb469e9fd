"""A national administrator completes the official wording of the commitments as a new framework version: preview of
the changes, then confirmation; the version in force until then keeps its texts."""

from vigie.frameworks.models import Commitment, FrameworkVersion


def test_national_admin_completes_the_wording_with_a_preview_then_a_new_version(world):
    client = world.client_for(world.national)
    page = client.get("/referentiels/qual-e-pref-2019/libelles/").content.decode()
    assert "QEP-M1-E04 — intitulé" in page
    data = {"version": "2019.3", "source": "Référentiel Qual-e-Pref du 4 février 2019, p. 14"}
    form_page = client.get("/referentiels/qual-e-pref-2019/libelles/")
    for field in form_page.context["form"].fields:
        if field.startswith(("title_", "gist_")):
            data[field] = form_page.context["form"].fields[field].initial
    data["title_QEP-M1-E04"] = "Un accueil physique organisé et confortable"
    data["gist_QEP-M1-E04"] = "Nous vous orientons dès votre arrivée."
    preview = client.post("/referentiels/qual-e-pref-2019/libelles/", data).content.decode()
    assert "Aperçu : Qual-e-Pref, version 2019.3" in preview
    assert "« Un accueil physique organisé et confortable »" in preview
    assert FrameworkVersion.objects.get(framework__code="qual-e-pref-2019", is_current=True).version == "2019.2"
    done = client.post("/referentiels/charger/", {"confirm": "1"})
    assert done.status_code == 302
    current = FrameworkVersion.objects.get(framework__code="qual-e-pref-2019", is_current=True)
    assert current.version == "2019.3"
    commitment = Commitment.objects.get(module__version=current, code="QEP-M1-E04")
    assert (commitment.title, commitment.gist, commitment.confidence) == (
        "Un accueil physique organisé et confortable",
        "Nous vous orientons dès votre arrivée.",
        "C",
    )
    assert not commitment.is_wording_incomplete
    old = Commitment.objects.get(module__version__version="2019.2", code="QEP-M1-E04")
    assert "intitulé officiel à compléter" in old.title


def test_quality_officer_cannot_edit_the_wording(world):
    assert world.client_for(world.officer).get("/referentiels/qual-e-pref-2019/libelles/").status_code == 403
