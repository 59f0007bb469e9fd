"""The demo's committees, through the committees app's services. Members are organisations and functions, never the
people's names of the seeds; interventions and answers are summarised in our own words.

- Charente (16): the users' committee of Tuesday 5 April 2022 (SEED-16's minutes): the administration's seven
  participants, three users' representatives present, three bodies excused (UDAF, mayors' association, APF) and
  three absent (the departmental council, OFII, MOBILIANS); its four-point agenda; four interventions and the
  administration's answers; two decisions, one already in the action plan;
- Marne (51): the « comité local des usagers et de l'amélioration continue » of Friday 2 February 2024 (SEED-51's
  deck) with its agenda by section and a few members; and one meeting three weeks ahead with the invitations sent
  and two answers, so that the members' answer page can be seen (the only object of the demo dated in the future,
  legitimately: a meeting is planned before it is held).
Idempotent: committees by (department, name), meetings by (committee, date); the upcoming meeting is created only
when the committee has none ahead."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from vigie.committees import services
from vigie.committees.enums import AttendanceStatus, CommitteeKind, MemberCategory, MemberPosition
from vigie.committees.models import Committee, Meeting
from vigie.organisation.models import Department

PARIS = ZoneInfo("Europe/Paris")
ADMIN, USERS, PUBLIC, LOCAL = (
    MemberCategory.ADMINISTRATION,
    MemberCategory.USERS,
    MemberCategory.PUBLIC_SERVICES,
    MemberCategory.LOCAL_AUTHORITIES,
)
PRESENT, EXCUSED, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT

# (key, category, organisation, function, position, attendance on 5 April 2022)
CHARENTE_MEMBERS = [
    ("sg", ADMIN, "Préfecture de la Charente", "Secrétaire générale", MemberPosition.CHAIR, PRESENT),
    ("dcl", ADMIN, "Préfecture de la Charente", "Directrice de la citoyenneté et de la légalité", "member", PRESENT),
    (
        "securite",
        ADMIN,
        "Préfecture de la Charente",
        "Directeur des sécurités, adjoint à la directrice de cabinet",
        "member",
        PRESENT,
    ),
    ("cognac", ADMIN, "Sous-préfecture de Cognac", "Secrétaire générale", "member", PRESENT),
    (
        "coordination",
        ADMIN,
        "Préfecture de la Charente",
        "Chef du service de coordination des politiques publiques et d'appui territorial",
        "member",
        PRESENT,
    ),
    ("rh", ADMIN, "SGCD de la Charente", "Chef du service des ressources humaines", "member", PRESENT),
    ("qualite", ADMIN, "Préfecture de la Charente", "Référent qualité", MemberPosition.SECRETARY, PRESENT),
    ("assistant", ADMIN, "Préfecture de la Charente", "Assistant du référent qualité", "member", PRESENT),
    ("ddd", USERS, "Défenseur des droits", "Délégué du Défenseur des droits", "member", PRESENT),
    ("ufc", USERS, "UFC-Que Choisir de la Charente", "Président", "member", PRESENT),
    ("afoc", USERS, "Association Force Ouvrière Consommateurs", "Représentant du président", "member", PRESENT),
    ("udaf", USERS, "UDAF 16 (Union départementale des associations familiales)", "", "member", EXCUSED),
    ("apf", USERS, "APF France handicap (Association des Paralysés de France)", "", "member", EXCUSED),
    ("amf", LOCAL, "AMF 16 (maires et présidents d'intercommunalité de la Charente)", "", "member", EXCUSED),
    (
        "cd16",
        LOCAL,
        "Conseil départemental de la Charente",
        "Directeur de la qualité et de l'évaluation des politiques publiques",
        "member",
        ABSENT,
    ),
    (
        "ofii",
        PUBLIC,
        "Office français de l'immigration et de l'intégration",
        "Délégation de Poitiers",
        "member",
        ABSENT,
    ),
    ("mobilians", USERS, "MOBILIANS (distribution et services de l'automobile)", "", "member", ABSENT),
]

CHARENTE_AGENDA = [
    ("La préfecture engagée dans la démarche Qual-e-Pref", "audits"),
    ("Bilan de performance 2021 de la préfecture", "indicators"),
    ("Perspectives 2022 : vers l'amélioration continue", "action_plan"),
    ("Temps d'échange et de concertation", "questions"),
]

# (speaker key, agenda position, what was said in short, [(who answered, the answer in short)])
CHARENTE_INTERVENTIONS = [
    (
        "afoc",
        2,
        "Salue l'audience du site internet et des réseaux sociaux de la préfecture. Propose de prévoir les flux de "
        "demandes de titres d'identité à partir des cycles de renouvellement, pour s'organiser à l'avance.",
        [
            (
                "dcl",
                "Les titres de séjour sont délivrés dans de bons délais malgré l'afflux lié au Brexit. La demande de "
                "cartes d'identité et de passeports est forte ; toutes les demandes sont instruites et chacun peut "
                "déposer la sienne dans toute mairie équipée.",
            )
        ],
    ),
    (
        "afoc",
        4,
        "Demande si les démarches en ligne sont plus rapides qu'avant et comment sont formés les agents des "
        "espaces France Services.",
        [("coordination", "Chaque structure porteuse forme et encadre ses agents France Services.")],
    ),
    (
        "ufc",
        4,
        "Rapporte des difficultés d'usagers (procurations, démarches en ligne) et des délais pour les titres. "
        "Suggère des guides pas à pas sur tous les supports et regrette que l'accueil ne soit pas ouvert à l'heure "
        "du déjeuner.",
        [
            (
                "dcl",
                "L'attente porte surtout sur le rendez-vous en mairie ; la pré-demande en ligne fait gagner du "
                "temps et les demandes urgentes sont traitées en priorité. L'information sur les procurations est "
                "abondante en ce moment.",
            ),
            (
                "sg",
                "Il faut encourager les pré-demandes en ligne ; les mairies équipées doivent ajuster leur organisation "
                "et tous les acteurs de la chaîne des titres se mobilisent pour réduire l'attente.",
            ),
        ],
    ),
    (
        "ddd",
        4,
        "Salue la continuité du service pendant la crise sanitaire. Observe que les jeunes aussi peinent avec le "
        "numérique, et demande que les usagers soient prévenus, avec la raison, quand leur dossier prend du retard.",
        [],
    ),
]

CHARENTE_DECISIONS = [
    ("Publier des guides pas à pas des démarches en ligne (site internet, dépliants).", 2, True),
    ("Informer l'usager, avec la raison, quand l'instruction de son dossier prend du retard.", 3, False),
]

MARNE_MEMBERS = [
    ("sg", ADMIN, "Préfecture de la Marne", "Secrétaire général", MemberPosition.CHAIR, PRESENT),
    ("qualite", ADMIN, "Préfecture de la Marne", "Référente qualité", MemberPosition.SECRETARY, PRESENT),
    ("ddd", USERS, "Défenseur des droits", "Délégué du Défenseur des droits", "member", PRESENT),
    ("udaf", USERS, "UDAF 51 (Union départementale des associations familiales)", "", "member", PRESENT),
    ("conso", USERS, "Association de consommateurs de la Marne", "Présidente", "member", EXCUSED),
    ("amf", LOCAL, "Association des maires de la Marne", "", "member", PRESENT),
    ("caf", PUBLIC, "Caisse d'allocations familiales de la Marne", "Responsable de l'accueil", "member", ABSENT),
]

MARNE_AGENDA = [
    ("Pilotage des démarches qualité", "action_plan"),
    ("Résultats des indicateurs qualité 2023", "indicators"),
    ("Enquête de satisfaction des usagers", "satisfaction"),
    ("Réclamations et suggestions", "complaints"),
    ("Actions du programme Services Publics+", "spplus"),
    ("Nouveau label Quali-ATE", "audits"),
    ("Questions diverses", "questions"),
]

UPCOMING_AGENDA = [
    ("Résultats des indicateurs de l'année", "indicators"),
    ("Projection de la demande de titres", "projection"),
    ("Revue des courriels types", "templates"),
    ("Questions diverses", "questions"),
]


def _committee(department: Department, kind: str, name: str) -> Committee:
    committee = Committee.objects.filter(department=department, name=name).first()
    return committee or services.create_committee(actor=None, department=department, kind=kind, name=name)


def _members(committee: Committee, rows, *, since: dt.date, email_domain: str = "") -> dict:
    members = {}
    for key, category, organisation, function, position, _status in rows:
        member = committee.members.filter(organisation=organisation, function=function).first()
        if member is None:
            member = services.add_member(
                actor=None,
                committee=committee,
                category=category,
                organisation=organisation,
                function=function,
                position=position,
                starts_on=since,
                email=f"{committee.department.code}.{key}@{email_domain}" if email_domain else "",
            )
        members[key] = member
    return members


def _meeting(committee: Committee, starts_at: dt.datetime, **fields) -> tuple[Meeting, bool]:
    meeting = committee.meetings.filter(starts_at=starts_at).first()
    if meeting is not None:
        return meeting, False
    return services.schedule_meeting(actor=None, committee=committee, starts_at=starts_at, **fields), True


def _agenda(meeting: Meeting, rows) -> list:
    return [
        services.add_agenda_item(actor=None, meeting=meeting, title=title, section=section, position=position)
        for position, (title, section) in enumerate(rows, start=1)
    ]


def _attendance(meeting: Meeting, members: dict, rows) -> None:
    services.record_attendance(
        actor=None, meeting=meeting, statuses={members[key].pk: (status, "") for key, *_, status in rows}
    )


def build_charente() -> None:
    department = Department.objects.filter(code="16").first()
    if department is None:
        return
    committee = _committee(department, CommitteeKind.USERS, "Comité local des usagers de la Charente")
    members = _members(committee, CHARENTE_MEMBERS, since=dt.date(2021, 9, 2))
    meeting, created = _meeting(
        committee,
        dt.datetime(2022, 4, 5, 9, 30, tzinfo=PARIS),
        place="Grand salon de la préfecture, Angoulême",
        chair=members["sg"],
        duration_minutes=120,
    )
    if not created:
        return
    items = _agenda(meeting, CHARENTE_AGENDA)
    _attendance(meeting, members, CHARENTE_MEMBERS)
    interventions = []
    for speaker, position, text, answers in CHARENTE_INTERVENTIONS:
        intervention = services.add_intervention(
            actor=None, meeting=meeting, text=text, speaker_member=members[speaker], agenda_item=items[position - 1]
        )
        for who, answer in answers:
            services.add_answer(actor=None, intervention=intervention, speaker=members[who].function, text=answer)
        interventions.append(intervention)
    for text, intervention_index, with_action in CHARENTE_DECISIONS:
        decision = services.add_decision(
            actor=None, meeting=meeting, text=text, intervention=interventions[intervention_index]
        )
        if with_action:
            services.create_action_for_decision(actor=None, decision=decision)


def build_marne(now: dt.datetime) -> None:
    department = Department.objects.filter(code="51").first()
    if department is None:
        return
    committee = _committee(
        department,
        CommitteeKind.USERS_CONTINUOUS,
        "Comité local des usagers et de l'amélioration continue de la Marne",
    )
    members = _members(committee, MARNE_MEMBERS, since=dt.date(2023, 1, 1), email_domain="demo.vigie.invalid")
    meeting, created = _meeting(
        committee,
        dt.datetime(2024, 2, 2, 10, 0, tzinfo=PARIS),
        place="Préfecture de la Marne, Châlons-en-Champagne",
        chair=members["sg"],
    )
    if created:
        _agenda(meeting, MARNE_AGENDA)
        _attendance(meeting, members, MARNE_MEMBERS)
        services.add_opinion(
            actor=None,
            meeting=meeting,
            topic="Modèles de courriels et de courriers",
            text="Avis favorable des représentants des usagers ; demander des phrases plus courtes.",
            template_versions=["Accusé de réception d'une réclamation (version en vigueur en février 2024)"],
        )
    if committee.meetings.filter(starts_at__gt=now, cancelled_at__isnull=True).exists():
        return
    day = timezone.localtime(now, PARIS).date() + dt.timedelta(days=21)
    upcoming, _ = _meeting(
        committee,
        dt.datetime.combine(day, dt.time(14, 0), tzinfo=PARIS),
        place="Préfecture de la Marne, salle des commissions",
        video_link="https://webconf.numerique.gouv.fr/comite-usagers-marne",
        chair=members["sg"],
    )
    _agenda(upcoming, UPCOMING_AGENDA)
    services.send_invitations(actor=None, meeting=upcoming, now=now)
    invitations = {i.member_id: i for i in upcoming.invitations.all()}
    services.answer_invitation(invitation=invitations[members["udaf"].pk], answer="coming", now=now)
    services.answer_invitation(
        invitation=invitations[members["ddd"].pk],
        answer="represented",
        representative_function="Déléguée suppléante",
        now=now,
    )


def build_demo_committees() -> None:
    now = timezone.now()
    build_charente()
    build_marne(now)
