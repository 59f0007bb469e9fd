"""The committees screens as the quality officer (manages), the steering reader (reads, 403 on writes) and an outsider
(404): committee list with the yearly rule, members CRUD and export, a meeting's agenda, attendance, interventions
and answers, opinions, decisions and their actions."""

import datetime as dt
import io

import openpyxl
import pytest

from tests.committees.conftest import PARIS
from tests.committees.factories import CommitteeFactory, MeetingFactory, MemberFactory, make_charente_like_meeting
from vigie.committees import services
from vigie.committees.models import Attendance, Member
from vigie.improvement.models import Action

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def committee(world):
    return CommitteeFactory(department=world.dept_a, name="CLU de la Marne")


def test_officer_creates_a_committee_and_its_members_reader_reads_outsider_gets_404(world):
    officer = world.client_for(world.officer)
    response = officer.post(
        "/departements/51/comites/nouveau/", {"kind": "users", "name": "CLU de la Marne", "retention_months": 12}
    )
    assert response.status_code == 302
    url = response["Location"]
    response = officer.post(
        url + "membres/",
        {
            "category": "users",
            "organisation": "UDAF 51",
            "function": "Administrateur",
            "email": "udaf@example.org",
            "position": "member",
            "starts_on": "2024-01-01",
        },
    )
    assert response.status_code == 302
    member = Member.objects.get()
    assert member.organisation == "UDAF 51"
    page = officer.get(url).content.decode()
    assert "UDAF 51" in page and "udaf@example.org" in page
    reader = world.client_for(world.reader)
    page = reader.get(url).content.decode()
    assert "UDAF 51" in page and "udaf@example.org" not in page  # contact details for managers only
    assert reader.post(url + "membres/", {}).status_code == 403
    assert world.client_for(world.officer_b).get(url).status_code == 404
    assert world.client_for(world.agent).get(url).status_code == 404
    assert world.client_for(world.officer_b).get("/departements/51/comites/").status_code == 404


def test_a_member_form_with_errors_shows_the_summary(world, committee):
    response = world.client_for(world.officer).post(
        f"/departements/51/comites/{committee.public_id}/membres/",
        {"category": "users", "starts_on": "2024-02-01", "ends_on": "2024-01-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Le formulaire contient" in page and "La fin du mandat précède son début." in page


def test_members_edit_and_remove(world, committee):
    kept = MemberFactory(committee=committee, organisation="AMF 51")
    gone = MemberFactory(committee=committee, organisation="Jamais venue")
    meeting = MeetingFactory(committee=committee)
    Attendance.objects.create(meeting=meeting, member=kept, status="present")
    officer = world.client_for(world.officer)
    base = f"/departements/51/comites/{committee.public_id}/membres/"
    response = officer.post(
        f"{base}{kept.public_id}/",
        {"category": "local_authorities", "organisation": "AMF 51", "position": "member", "starts_on": "2020-01-01"},
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.category == "local_authorities"
    assert officer.post(f"{base}{gone.public_id}/supprimer/").status_code == 302
    assert officer.post(f"{base}{kept.public_id}/supprimer/").status_code == 302
    assert not Member.objects.filter(pk=gone.pk).exists()
    kept.refresh_from_db()
    assert kept.ends_on == dt.date(2024, 11, 4)


def test_members_export_xlsx_and_csv_for_managers_only(world, committee):
    MemberFactory(committee=committee, organisation="=HYPERLINK(1)", email="x@example.org")
    url = f"/departements/51/comites/{committee.public_id}/membres/export/"
    response = world.client_for(world.officer).get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Collège", "Organisme", "Fonction")
    assert rows[2][1] == "=HYPERLINK(1)" and rows[2][4] == "x@example.org"
    csv = world.client_for(world.officer).get(url + "?format=csv").content.decode()
    assert "'=HYPERLINK(1)" in csv
    assert world.client_for(world.reader).get(url).status_code == 403


def test_the_committee_list_warns_when_no_users_committee_this_year(world, committee):
    MeetingFactory(committee=committee, starts_at=dt.datetime(2023, 3, 1, 10, tzinfo=PARIS))
    page = world.client_for(world.officer).get("/departements/51/comites/").content.decode()
    assert "Aucun comité local des usagers n&#x27;est tenu ni prévu en 2024" in page
    MeetingFactory(committee=committee, starts_at=dt.datetime(2024, 12, 1, 10, tzinfo=PARIS))
    page = world.client_for(world.officer).get("/departements/51/comites/").content.decode()
    assert "Un comité local des usagers se tient cette année" in page


def test_a_meeting_is_scheduled_then_filled_in(world, committee):
    chair = MemberFactory(committee=committee, chair=True)
    udaf = MemberFactory(committee=committee, organisation="UDAF 51")
    officer = world.client_for(world.officer)
    response = officer.post(
        f"/departements/51/comites/{committee.public_id}/reunions/",
        {"day": "2024-10-15", "time": "09:30", "duration_minutes": 120, "place": "Préfecture", "chair": chair.pk},
    )
    assert response.status_code == 302
    url = response["Location"]
    meeting = committee.meetings.get()
    assert meeting.starts_at == dt.datetime(2024, 10, 15, 9, 30, tzinfo=PARIS)
    assert officer.post(url + "ordre-du-jour/", {"point-title": "Réclamations 2024", "point-section": "complaints"})[
        "Location"
    ].endswith("#ordre-du-jour")
    item = meeting.agenda_items.get()
    response = officer.post(
        url + "presences/",
        {
            f"presence-status_{chair.pk}": "present",
            f"presence-status_{udaf.pk}": "represented",
            f"presence-represented_{udaf.pk}": "Vice-présidente",
        },
    )
    assert response.status_code == 302
    assert dict(meeting.attendances.values_list("member__organisation", "status")) == {
        "Préfecture": "present",
        "UDAF 51": "represented",
    }
    response = officer.post(
        url + "interventions/",
        {"interv-speaker_member": udaf.pk, "interv-agenda_item": item.pk, "interv-text": "Délais trop longs."},
    )
    assert response.status_code == 302
    intervention = meeting.interventions.get()
    response = officer.post(
        url + f"interventions/{intervention.public_id}/reponses/",
        {f"reponse-{intervention.pk}-speaker": "Secrétaire général", f"reponse-{intervention.pk}-text": "Plan."},
    )
    assert response.status_code == 302
    assert (
        officer.post(
            url + "avis/",
            {
                "avis-topic": "Courriels types",
                "avis-text": "Favorable",
                "avis-template_versions": "Accusé de réception, v3",
            },
        ).status_code
        == 302
    )
    assert officer.post(url + "decisions/", {"decision-text": "Afficher les délais."}).status_code == 302
    decision = meeting.decisions.get()
    response = officer.post(url + f"decisions/{decision.public_id}/action/", {f"action-{decision.pk}-due_date": ""})
    assert response.status_code == 302
    decision.refresh_from_db()
    action = Action.objects.get()
    assert decision.action == action
    assert (action.origin_app, action.origin_kind, action.origin_public_id) == (
        "committees",
        "committee_decision",
        str(decision.public_id),
    )
    page = officer.get(url).content.decode()
    for text in ("Réclamations 2024", "Délais trop longs.", "Plan.", "Accusé de réception, v3", "Afficher les délais."):
        assert text in page
    reader = world.client_for(world.reader)
    page = reader.get(url)
    assert page.status_code == 200 and "Créer l&#x27;action" not in page.content.decode()
    assert reader.post(url + "decisions/", {"decision-text": "x"}).status_code == 403
    assert world.client_for(world.officer_b).get(url).status_code == 404


def test_an_intervention_without_speaker_is_refused_with_a_summary(world, committee):
    meeting = MeetingFactory(committee=committee)
    url = f"/departements/51/reunions/{meeting.public_id}/interventions/"
    response = world.client_for(world.officer).post(url, {"interv-text": "Bonjour"})
    assert response.status_code == 400
    assert "Indiquez qui intervient" in response.content.decode()


def test_decision_action_is_created_once(world):
    meeting = make_charente_like_meeting(world.dept_b)
    decision = meeting.decisions.get()
    first = services.create_action_for_decision(actor=None, decision=decision)
    second = services.create_action_for_decision(actor=None, decision=decision)
    assert first == second and Action.objects.count() == 1
    assert first.origin_label.startswith("Comité local des usagers de la Charente du 05/04/2022")


def test_the_committee_and_an_agenda_item_are_edited(world, committee):
    meeting = MeetingFactory(committee=committee)
    item = services.add_agenda_item(actor=None, meeting=meeting, title="Indicateurs", section="indicators")
    officer = world.client_for(world.officer)
    url = f"/departements/51/comites/{committee.public_id}/modifier/"
    assert officer.get(url).status_code == 200
    response = officer.post(
        url, {"kind": "users_continuous", "name": "CLU et amélioration continue", "retention_months": 24}
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert (committee.kind, committee.retention_months) == ("users_continuous", 24)
    url = f"/departements/51/reunions/{meeting.public_id}/ordre-du-jour/{item.public_id}/"
    assert officer.post(url, {"title": "", "position": 1}).status_code == 400
    response = officer.post(url, {"title": "Projection de la demande", "section": "projection", "position": 3})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.section, item.position) == ("Projection de la demande", "projection", 3)
    assert world.client_for(world.reader).get(url).status_code == 403


def test_the_committee_list_warns_when_no_users_committee_before_the_next_audit(world, committee):
    from tests.audits.factories import make_audit

    MeetingFactory(committee=committee, starts_at=dt.datetime(2024, 2, 2, 10, tzinfo=PARIS))
    url = "/departements/51/comites/"
    assert world.client_for(world.officer).get(url).context["warnings"] == []
    make_audit(world, starts_on=dt.date(2025, 3, 3))
    response = world.client_for(world.officer).get(url)
    assert [w.code for w in response.context["warnings"]] == ["none_before_audit"]
    page = response.content.decode()
    assert "le prochain audit commence le 03/03/2025" in page
    assert "Le prochain audit commence le 03/03/2025 : aucun comité local des usagers" in page


def test_a_templates_review_item_shows_the_templates_in_force_and_prefills_the_opinion(world, committee):
    from vigie.register.config.models import MessageTemplate

    family = MessageTemplate.objects.create(
        department=world.dept_a, purpose="acknowledgement", name="Réclamation par courriel", subject="AR", body="x"
    ).family
    MessageTemplate.objects.filter(family=family).update(is_current=False)
    MessageTemplate.objects.create(
        department=world.dept_a,
        purpose="acknowledgement",
        name="Réclamation par courriel",
        subject="AR",
        body="y",
        family=family,
        version=2,
    )
    MessageTemplate.objects.create(
        department=world.dept_b, purpose="reply", name="Autre département", subject="R", body="z"
    )
    meeting = MeetingFactory(committee=committee)
    services.add_agenda_item(actor=None, meeting=meeting, title="Revue des courriels types", section="templates")
    response = world.client_for(world.officer).get(f"/departements/51/reunions/{meeting.public_id}/")
    page = response.content.decode()
    assert "Accusé de réception — Réclamation par courriel, version 2" in page
    assert "version 1" not in page and "Autre département" not in page
    assert (
        "Accusé de réception — Réclamation par courriel, version 2"
        in response.context["opinion_form"]["template_versions"].value()
    )


def test_an_intervention_its_answer_an_opinion_and_a_decision_are_edited(world, committee):
    udaf = MemberFactory(committee=committee, organisation="UDAF 51")
    meeting = MeetingFactory(committee=committee)
    item = services.add_agenda_item(actor=None, meeting=meeting, title="Accueil", section="")
    intervention = services.add_intervention(actor=None, meeting=meeting, text="Délais", speaker_label="Un usager")
    answer = services.add_answer(actor=None, intervention=intervention, speaker="SG", text="Plan")
    opinion = services.add_opinion(actor=None, meeting=meeting, topic="Courriels", text="Favorable")
    decision = services.add_decision(actor=None, meeting=meeting, text="Afficher")
    base = f"/departements/51/reunions/{meeting.public_id}/"
    urls = {
        "intervention": base + f"interventions/{intervention.public_id}/modifier/",
        "answer": base + f"interventions/{intervention.public_id}/reponses/{answer.public_id}/modifier/",
        "opinion": base + f"avis/{opinion.public_id}/modifier/",
        "decision": base + f"decisions/{decision.public_id}/modifier/",
    }
    officer = world.client_for(world.officer)
    page = officer.get(base).content.decode()
    assert all(url in page for url in urls.values())  # the meeting page links to each edit screen
    form = officer.get(urls["intervention"])
    assert form.status_code == 200 and "Délais" in form.content.decode()
    refused = officer.post(urls["intervention"], {"text": "Délais"})  # nobody speaks
    assert refused.status_code == 400 and "Indiquez qui intervient" in refused.content.decode()
    data = {"speaker_member": udaf.pk, "agenda_item": item.pk, "text": "Délais trop longs."}
    assert officer.post(urls["intervention"], data)["Location"].endswith("#interventions")
    assert officer.post(urls["answer"], {"speaker": "Secrétaire général", "text": "Un plan."}).status_code == 302
    opinion_data = {"topic": "Courriels types", "text": "Réservé", "template_versions": "AR, v3\nRelance, v2"}
    assert officer.post(urls["opinion"], opinion_data)["Location"].endswith("#avis")
    assert officer.post(urls["decision"], {"text": "Afficher les délais."})["Location"].endswith("#decisions")
    intervention.refresh_from_db()
    answer.refresh_from_db()
    opinion.refresh_from_db()
    decision.refresh_from_db()
    assert (intervention.speaker_member, intervention.agenda_item, intervention.text) == (
        udaf,
        item,
        "Délais trop longs.",
    )
    assert (answer.speaker, answer.text) == ("Secrétaire général", "Un plan.")
    assert (opinion.topic, opinion.text, opinion.template_version_list) == (
        "Courriels types",
        "Réservé",
        ("AR, v3", "Relance, v2"),
    )
    assert decision.text == "Afficher les délais."
    reader, outsider = world.client_for(world.reader), world.client_for(world.officer_b)
    for url in urls.values():
        assert reader.get(url).status_code == 403 and reader.post(url, {}).status_code == 403
        assert outsider.get(url).status_code == 404
    other = MeetingFactory(committee=committee)
    assert officer.get(urls["decision"].replace(str(meeting.public_id), str(other.public_id))).status_code == 404


def test_an_answer_sets_the_attendance_unless_it_was_recorded_by_hand(world, committee):
    udaf = MemberFactory(committee=committee, organisation="UDAF 51", email="udaf@example.org")
    amf = MemberFactory(committee=committee, organisation="AMF 51", email="amf@example.org")
    meeting = MeetingFactory(committee=committee, starts_at=dt.datetime(2024, 12, 10, 9, 30, tzinfo=PARIS))
    services.send_invitations(actor=None, meeting=meeting)
    invitation = {i.member_id: i for i in meeting.invitations.all()}

    def attendance():
        return {a.member.organisation: (a.status, a.represented_by, a.from_answer) for a in meeting.attendances.all()}

    services.answer_invitation(invitation=invitation[udaf.pk], answer="coming")
    services.answer_invitation(invitation=invitation[amf.pk], answer="represented", representative_name="M. Adjoint")
    assert attendance() == {"UDAF 51": ("present", "", True), "AMF 51": ("represented", "M. Adjoint", True)}
    services.answer_invitation(invitation=invitation[udaf.pk], answer="excused")  # follows the new answer
    assert attendance()["UDAF 51"] == ("excused", "", True)
    # the grid sent back: AMF unchanged (still follows the answers), UDAF set by hand
    services.record_attendance(
        actor=None, meeting=meeting, statuses={udaf.pk: ("present", ""), amf.pk: ("represented", "M. Adjoint")}
    )
    assert attendance() == {"UDAF 51": ("present", "", False), "AMF 51": ("represented", "M. Adjoint", True)}
    services.answer_invitation(invitation=invitation[udaf.pk], answer="excused")
    services.answer_invitation(invitation=invitation[amf.pk], answer="coming")
    assert attendance() == {"UDAF 51": ("present", "", False), "AMF 51": ("present", "", True)}
    # the manual button still takes the answers of members without attendance (e.g. a cleared line)
    services.record_attendance(actor=None, meeting=meeting, statuses={udaf.pk: ("", "")})
    assert services.prefill_attendance(actor=None, meeting=meeting) == 1
    assert attendance()["UDAF 51"] == ("excused", "", True)


def test_the_attendance_grid_shows_the_members_answer_in_words(world, committee):
    from vigie.committees.models import Invitation

    meeting = MeetingFactory(committee=committee, starts_at=dt.datetime(2030, 3, 1, 10, tzinfo=PARIS))
    udaf = MemberFactory(committee=committee, organisation="UDAF 51")
    Invitation.objects.create(meeting=meeting, member=udaf, answer="coming")
    page = world.client_for(world.officer).get(f"/departements/51/reunions/{meeting.public_id}/").content.decode()
    assert "<td>Je viens</td>" in page and "<td>coming</td>" not in page


def test_the_attendance_grid_fields_are_dsfr_controls_with_one_label(world, committee):
    meeting = MeetingFactory(committee=committee, starts_at=dt.datetime(2030, 3, 1, 10, tzinfo=PARIS))
    udaf = MemberFactory(committee=committee, organisation="UDAF 51", function="", person_name="")
    page = world.client_for(world.officer).get(f"/departements/51/reunions/{meeting.public_id}/").content.decode()
    assert f'<select name="presence-status_{udaf.pk}" class="fr-select vigie-cell-select"' in page
    assert f'<input type="text" name="presence-represented_{udaf.pk}" maxlength="300" class="fr-input"' in page
    assert "Présence : UDAF 51</label>" in page and "UDAF 51 (UDAF 51)" not in page
