import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from vigie.frameworks.loader import DATA_DIR
from vigie.frameworks.models import FrameworkVersion, Indicator, LabellingScope


def test_quality_officer_adds_a_local_indicator(world):
    client = world.client_for(world.officer)
    response = client.post(
        "/departements/51/indicateurs-locaux/nouveau/",
        {
            "code": "LOCAL-ATTENTE",
            "name": "Attente à l'accueil de moins de 20 minutes",
            "kind": "rate",
            "numerator": "usagers reçus en moins de 20 min",
            "denominator": "usagers reçus",
            "unit": "percent",
            "periodicity": "month",
            "target_value": "80",
            "target_direction": "gte",
            "definition": "",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="LOCAL-ATTENTE")
    assert indicator.department == world.dept_a and indicator.aggregation == "ratio_of_sums"
    # visible to the department, not to the other one
    assert "LOCAL-ATTENTE" in world.client_for(world.reader).get("/indicateurs/").content.decode()
    assert "LOCAL-ATTENTE" not in world.client_for(world.officer_b).get("/indicateurs/").content.decode()


def test_local_indicator_errors_name_the_fields_and_change_nothing(world):
    response = world.client_for(world.officer).post(
        "/departements/51/indicateurs-locaux/nouveau/",
        {
            "code": "TEL-DECROCHE",
            "name": "x",
            "kind": "rate",
            "numerator": "a",
            "denominator": "",
            "unit": "days",
            "periodicity": "month",
            "target_value": "80",
            "target_direction": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ce code est celui d&#x27;un indicateur national." in html
    assert "Un taux ou une moyenne a un dénominateur." in html
    assert "Un taux s&#x27;exprime en pourcentage." in html
    assert 'id="resume-erreurs"' in html
    assert not Indicator.objects.filter(department=world.dept_a).exists()


def test_labelling_scope_is_recorded_and_shown(world):
    version = FrameworkVersion.objects.get(framework__code="qual-e-pref-2019", is_current=True)
    modules = version.modules.filter(number__in=[1, 2])
    response = world.client_for(world.officer).post(
        "/departements/51/sites/pref-51/perimetre/",
        {"framework_version": version.pk, "modules": [m.pk for m in modules], "since": "2022-06-30"},
    )
    assert response.status_code == 302
    scope = LabellingScope.objects.get(site=world.site_a1)
    assert (scope.since, sorted(m.number for m in scope.modules.all())) == (dt.date(2022, 6, 30), [1, 2])
    html = world.client_for(world.agent).get("/departements/51/sites/pref-51/").content.decode()
    assert "Module 2 : Délivrance de titres" in html


def test_labelling_scope_refuses_modules_of_another_framework(world):
    qep = FrameworkVersion.objects.get(framework__code="qual-e-pref-2019", is_current=True)
    spp = FrameworkVersion.objects.get(framework__code="services-publics-plus-2023", is_current=True)
    response = world.client_for(world.officer).post(
        "/departements/51/sites/pref-51/perimetre/",
        {"framework_version": qep.pk, "modules": [spp.modules.get().pk], "since": "2022-06-30"},
    )
    assert response.status_code == 400
    assert "uniquement des modules du référentiel sélectionné" in response.content.decode()
    assert not LabellingScope.objects.exists()


def _upload(client, content: bytes, name="spp.yaml"):
    return client.post("/referentiels/charger/", {"file": SimpleUploadedFile(name, content)})


def test_uploading_a_new_version_shows_a_preview_then_loads_it_on_confirmation(world):
    text = (DATA_DIR / "services-publics-plus-2023.yaml").read_text(encoding="utf-8")
    import re

    current = FrameworkVersion.objects.get(framework__code="services-publics-plus-2023", is_current=True)
    first_title = current.modules.get().commitments.order_by("position").first().title
    new = re.sub(r"(?m)^version: .*$", 'version: "2099.1"', text, count=1).replace(
        first_title.replace("'", "''")
        if "'" in first_title and first_title.replace("'", "''") in text
        else first_title,
        "Accueil bienveillant (intitulé corrigé)",
        1,
    )
    client = world.client_for(world.officer)
    preview = _upload(client, new.encode())
    html = preview.content.decode()
    assert preview.status_code == 200 and "Modifications" in html and "Accueil bienveillant (intitulé corrigé)" in html
    assert FrameworkVersion.objects.get(pk=current.pk).is_current  # nothing loaded yet
    confirmed = client.post("/referentiels/charger/", {"confirm": "1"})
    assert confirmed.status_code == 302
    assert (
        FrameworkVersion.objects.get(framework__code="services-publics-plus-2023", is_current=True).version == "2099.1"
    )


def test_uploading_a_bad_file_lists_errors_and_loads_nothing(world):
    before = FrameworkVersion.objects.count()
    response = _upload(world.client_for(world.national), b"kind: framework\ncode: x\nnodes: [\n")
    assert response.status_code == 400
    assert "Fichier refusé" in response.content.decode() and "ligne" in response.content.decode()
    assert FrameworkVersion.objects.count() == before


def test_a_service_gets_its_own_labelling_scope_from_the_site_page(world):
    version = FrameworkVersion.objects.get(framework__code="qual-e-pref-2019", is_current=True)
    module_2 = version.modules.get(number=2)
    client = world.client_for(world.officer)
    data = {"framework_version": version.pk, "modules": [module_2.pk], "since": "2022-08-11"}
    # a service of another site is not among the choices
    refused = client.post("/departements/51/sites/pref-51/perimetre/", {**data, "service": world.service_a2.pk})
    assert refused.status_code == 400 and not LabellingScope.objects.exists()
    assert (
        client.post("/departements/51/sites/pref-51/perimetre/", {**data, "service": world.service_a1.pk}).status_code
        == 302
    )
    scope = LabellingScope.objects.get()
    assert (scope.site, scope.service) == (world.site_a1, world.service_a1)
    html = client.get("/departements/51/sites/pref-51/").content.decode()
    assert "Périmètre propre au service" in html
