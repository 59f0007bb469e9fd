"""Each role's home says what to do now: the agent's late and due requests (answerable from there), the quality
officer's requests per service, indicators under target and what comes; the steering committee's key results; the
auditor's entry points to the evidence. Bounded queries."""

from html.parser import HTMLParser

import pytest
import time_machine

from tests.home.fixtures import NOW, seed_work


def _home(world, persona):
    with time_machine.travel(NOW, tick=False):
        return world.client_for(getattr(world, persona)).get("/").content.decode()


def test_agent_sees_their_late_due_today_and_soon_requests_with_a_link_to_reply(world):
    with time_machine.travel(NOW, tick=False):
        work = seed_work(world)
    html = _home(world, "agent")
    assert "2 en retard, 1 à rendre aujourd'hui, 1 à rendre dans les deux jours ouvrés." in html
    for request in [*work["late"], work["today"], work["soon"]]:
        assert f'href="/demandes/{request.reference}/#formulaire-reponse"' in html
    assert work["other_service"].reference not in html  # another service's request
    assert "Charente" not in html


def test_quality_officer_sees_requests_per_service_indicators_under_target_and_what_comes(world):
    with time_machine.travel(NOW, tick=False):
        seed_work(world)
    html = _home(world, "officer")
    assert "Demandes en retard et à rendre, par service" in html
    assert "Indicateurs sous la cible" in html and "Taux d&#x27;appels décrochés" in html
    assert "non atteinte" in html
    assert "Ce qui vient" in html and "Derniers imports de mesures" in html
    assert "Taux d&#x27;appels décrochés : 4 mesures importées" in html  # the indicator's name, not its code
    assert "TEL-DECROCHE" not in html
    assert "Personnes et rôles" in html


def test_the_menu_marks_only_the_current_page(world):
    html = _home(world, "officer")
    assert html.count('aria-current="page"') == 1
    assert '<a class="fr-nav__link" href="/" aria-current="page">Accueil</a>' in html
    documents = world.client_for(world.officer).get("/departements/51/documents/").content.decode()
    assert '<a class="fr-nav__link" href="/departements/51/documents/" aria-current="page">Documents</a>' in documents
    assert documents.count('aria-current="page"') == 1
    analysis = world.client_for(world.officer).get("/demandes/analyse/").content.decode()
    assert '<a class="fr-nav__link" href="/demandes/" aria-current="page">Demandes</a>' in analysis


def test_steering_committee_sees_key_results_against_target(world):
    with time_machine.travel(NOW, tick=False):
        seed_work(world)
    html = _home(world, "reader")
    assert "Résultats clés face à la cible" in html and "80,0\u202f%" in html and "au moins 85,0\u202f%" in html
    assert "Demandes en retard et à rendre" not in html  # nothing to manage


def test_auditor_gets_entry_points_to_the_evidence(world):
    html = _home(world, "auditor")
    assert "Preuves et audits" in html
    assert 'href="/departements/51/preuves/"' in html and 'href="/departements/51/audits/"' in html


def test_national_admin_and_role_less_users(world):
    assert "Aucun rôle ne vous est encore attribué" in _home(world, "no_role")
    assert "Départements configurés (2)" in _home(world, "national")
    assert "Préfet de Marne" in _home(world, "officer")  # the header shows the department's identity


def test_home_queries_do_not_grow_with_the_work(world, django_assert_max_num_queries):
    from tests.register.factories import make_request

    with time_machine.travel(NOW, tick=False):
        seed_work(world)
        client = world.client_for(world.officer)
        client.get("/")
        with django_assert_max_num_queries(20) as first:
            client.get("/")
        count = len(first)  # read now: the next request resets the connection's query log
        for _ in range(5):
            make_request(world, service=world.service_a1bis, subject="Encore")
        agent = world.client_for(world.agent)
        agent.get("/")
        with django_assert_max_num_queries(count):
            client.get("/")
        with django_assert_max_num_queries(8):
            agent.get("/")
        # key results: one query for the last years measured, then the dashboard of one year (the site's too)
        for persona, most in (("reader", 12), ("auditor", 13), ("correspondent", 15), ("national", 6)):
            other = world.client_for(getattr(world, persona))
            other.get("/")
            with django_assert_max_num_queries(most):
                other.get("/")


def test_the_quality_officer_sees_the_next_committee_meeting(world):
    import datetime as dt

    from tests.committees.factories import CommitteeFactory, MeetingFactory

    committee = CommitteeFactory(department=world.dept_a, name="CLU de la Marne")
    coming = MeetingFactory(committee=committee, starts_at=NOW + dt.timedelta(days=20))
    MeetingFactory(committee=committee, starts_at=NOW - dt.timedelta(days=20))  # past: not shown
    html = _home(world, "officer")
    assert "Réunions de comité" in html
    assert f'href="/departements/51/reunions/{coming.public_id}/"' in html and "(invitations à envoyer)" in html
    assert html.count("— CLU de la Marne</a>") == 1
    assert "CLU de la Marne" not in _home(world, "officer_b")  # another department's officer


def test_the_national_admin_menu_offers_the_committees_and_documents_of_the_department_in_view(world):
    client = world.client_for(world.national)
    for url, current in (("/departements/51/comites/", "Comités"), ("/departements/51/documents/", "Documents")):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert f'<a class="fr-nav__link" href="{url}" aria-current="page">{current}</a>' in html
        assert '<a class="fr-nav__link" href="/departements/51/comites/"' in html
        assert '<a class="fr-nav__link" href="/departements/51/documents/"' in html
        assert "Préfet de Marne" in html  # the header shows the department in view
        assert '<a class="fr-btn fr-icon-settings-5-line" href="/admin/">Administration</a>' in html  # header tools
    other = client.get(f"/departements/{world.dept_b.code}/").content.decode()
    assert f'href="/departements/{world.dept_b.code}/comites/"' in other
    assert "/departements/51/comites/" not in other
    assert "Administration" not in _home(world, "officer")


class _Titles(HTMLParser):
    """The page's headings (level, text) and the captions of the tables that show theirs."""

    def __init__(self):
        super().__init__()
        self.titles: list[tuple[str, str]] = []
        self._open: list | None = None
        self._tables: list[bool] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "fr-table" in classes:
            self._tables.append("fr-table--no-caption" in classes)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") or (tag == "caption" and not any(self._tables[-1:])):
            self._open = [tag, ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open[0]:
            self.titles.append((tag, " ".join(self._open[1].split()).lower()))
            self._open = None
        if tag == "table" and self._tables:
            self._tables.pop()


@pytest.mark.parametrize("persona", ["agent", "officer", "reader", "auditor", "correspondent", "national"])
def test_each_home_has_one_h1_and_says_no_heading_twice(world, persona):
    with time_machine.travel(NOW, tick=False):
        seed_work(world)
    parser = _Titles()
    parser.feed(_home(world, persona))
    assert [tag for tag, _ in parser.titles].count("h1") == 1
    texts = [text for _, text in parser.titles]
    repeated = [(a, b) for i, a in enumerate(texts) for b in texts[i + 1 :] if a in b or b in a]
    assert repeated == [], parser.titles
    assert "à venir" not in texts  # « Ce qui vient » already says it
    levels = [int(tag[1]) for tag, _ in parser.titles if tag != "caption"]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), parser.titles  # no level skipped


def test_site_correspondent_sees_the_key_results_of_their_site_only(world):
    from decimal import Decimal

    from vigie.indicators.imports import ParsedRow
    from vigie.indicators.services import save_measurements

    with time_machine.travel(NOW, tick=False):
        seed_work(world)  # the prefecture (another site) measured in 2024 at 80 %
        rows = [ParsedRow(1, "TEL-DECROCHE", "sp-reims", "2022-03", Decimal(60), Decimal(100))]
        save_measurements(actor=None, department=world.dept_a, rows=rows, source="imported")
    html = _home(world, "correspondent")
    assert "Résultats clés du site face à la cible" in html
    assert "Valeur 2022" in html and "60,0\u202f%" in html  # the last year the site was measured
    assert "80,0\u202f%" not in html
    assert 'href="/departements/51/sites/sp-reims/indicateurs/#' in html
