"""Committees test data: factory_boy factories for the plain rows, and `make_charente_like_meeting()`, a meeting
shaped like the Charente CLU of 5 April 2022 (members of the four categories, present/excused/absent/represented,
agenda items with Vigie sections, two interventions with answers, one decision). Functions and organisations only,
never a person's name from the seeds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from tests.organisation.factories import DepartmentFactory
from vigie.committees import models as m
from vigie.committees.enums import AttendanceStatus, CommitteeKind, MemberCategory, MemberPosition
from vigie.organisation.models import Department

PARIS = ZoneInfo("Europe/Paris")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Committee

    department = factory.SubFactory(DepartmentFactory)
    kind = CommitteeKind.USERS
    name = factory.LazyAttribute(lambda o: f"Comité local des usagers — {o.department.name}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Member

    committee = factory.SubFactory(CommitteeFactory)
    category = MemberCategory.USERS
    organisation = factory.Sequence(lambda n: f"Association {n}")
    function = "Représentant·e"
    person_name = factory.Faker("name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    position = MemberPosition.MEMBER
    starts_on = dt.date(2020, 1, 1)

    class Params:
        administration = factory.Trait(category=MemberCategory.ADMINISTRATION, organisation="Préfecture")
        chair = factory.Trait(
            category=MemberCategory.ADMINISTRATION,
            organisation="Préfecture",
            function="Secrétaire général·e",
            position=MemberPosition.CHAIR,
        )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Meeting

    committee = factory.SubFactory(CommitteeFactory)
    starts_at = dt.datetime(2022, 4, 5, 9, 30, tzinfo=PARIS)
    place = "Grand salon de la préfecture"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Point {n + 1}")


def make_charente_like_meeting(department: Department | None = None) -> m.Meeting:
    """A held CLU meeting with every part the minutes need."""
    department = department or DepartmentFactory(code="16", name="Charente")
    committee = CommitteeFactory(department=department, name="Comité local des usagers de la Charente")
    chair = MemberFactory(committee=committee, chair=True, person_name="")
    quality = MemberFactory(
        committee=committee, administration=True, function="Référent·e qualité", position=MemberPosition.SECRETARY
    )
    citizenship = MemberFactory(committee=committee, administration=True, function="Directeur·rice de la citoyenneté")
    rights = MemberFactory(committee=committee, organisation="Défenseur des droits", function="Délégué·e")
    consumers = MemberFactory(
        committee=committee, organisation="UFC-Que Choisir de la Charente", function="Président·e"
    )
    workers = MemberFactory(committee=committee, organisation="Force Ouvrière Consommateurs", function="Représentant·e")
    udaf = MemberFactory(committee=committee, organisation="UDAF 16", function="")
    mayors = MemberFactory(
        committee=committee, category=MemberCategory.LOCAL_AUTHORITIES, organisation="AMF 16", function=""
    )
    ofii = MemberFactory(
        committee=committee, category=MemberCategory.PUBLIC_SERVICES, organisation="OFII", function="Délégation"
    )
    meeting = MeetingFactory(committee=committee, chair=chair)
    statuses = {
        chair: AttendanceStatus.PRESENT,
        quality: AttendanceStatus.PRESENT,
        citizenship: AttendanceStatus.PRESENT,
        rights: AttendanceStatus.PRESENT,
        consumers: AttendanceStatus.PRESENT,
        workers: AttendanceStatus.REPRESENTED,
        udaf: AttendanceStatus.EXCUSED,
        mayors: AttendanceStatus.EXCUSED,
        ofii: AttendanceStatus.ABSENT,
    }
    for member, status in statuses.items():
        m.Attendance.objects.create(
            meeting=meeting,
            member=member,
            status=status,
            represented_by="Représentant du président" if status == AttendanceStatus.REPRESENTED else "",
        )
    items = [
        AgendaItemFactory(meeting=meeting, position=1, title="La démarche qualité de la préfecture", section=""),
        AgendaItemFactory(meeting=meeting, position=2, title="Bilan des indicateurs 2021", section="indicators"),
        AgendaItemFactory(meeting=meeting, position=3, title="Perspectives 2022", section="action_plan"),
        AgendaItemFactory(meeting=meeting, position=4, title="Temps d'échange", section="questions"),
    ]
    first = m.Intervention.objects.create(
        meeting=meeting, position=1, speaker_member=workers, agenda_item=items[1], text="Anticiper les flux de titres."
    )
    m.InterventionAnswer.objects.create(
        intervention=first,
        position=1,
        speaker="Directeur·rice de la citoyenneté",
        text="Toutes les demandes sont traitées ; les délais des titres de séjour sont bons.",
    )
    second = m.Intervention.objects.create(
        meeting=meeting, position=2, speaker_member=consumers, agenda_item=items[3], text="Des guides pas à pas."
    )
    m.InterventionAnswer.objects.create(
        intervention=second, position=1, speaker="Directeur·rice de la citoyenneté", text="La pré-demande en ligne."
    )
    m.InterventionAnswer.objects.create(
        intervention=second, position=2, speaker="Secrétaire général·e", text="Inciter aux pré-demandes."
    )
    m.Decision.objects.create(
        meeting=meeting, position=1, intervention=second, text="Publier des guides pas à pas des démarches en ligne."
    )
    m.Opinion.objects.create(
        meeting=meeting,
        topic="Modèles de courriels",
        text="Avis favorable, phrases à raccourcir.",
        template_versions="Accusé de réception, v2",
    )
    return meeting
