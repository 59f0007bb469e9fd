"""The minutes of a meeting as blocks (blocks.py), rendered to DOCX and to a tagged PDF: the cover letter, the chair,
the participants by category with their attendance, the agenda, a section per item with its figures, the
interventions and the administration's answers, the decisions, and the annexes (the figures, the templates
reviewed). The texts the quality officer edits (MinutesDraft) come in by section; what they have not written is
prefilled from the data (`default_texts`)."""

from __future__ import annotations

from collections import defaultdict

from vigie.core.formatting import format_percent

from .blocks import Bullets, Content, Heading, PageBreak, Paragraph, Table
from .sources import Figures
from .text import date_fr, meeting_title

CATEGORY_ORDER = ("administration", "users", "public_services", "local_authorities")
STATUS_LABELS = {
    "present": "Présent·e",
    "excused": "Excusé·e",
    "absent": "Absent·e",
    "represented": "Représenté·e",
    "": "Non renseigné",
}
POSITION_LABELS = {"chair": "présidence", "secretary": "secrétariat", "member": ""}


def draft_sections(meeting) -> list[tuple[str, str]]:
    """(key, label) of the texts the quality officer edits: the letter, the introduction, one per agenda item, the
    conclusion."""
    sections = [("letter", "Lettre d'accompagnement"), ("introduction", "Introduction")]
    sections += [(f"item-{item.position}", f"Point {item.position} : {item.title}") for item in meeting.agenda]
    sections.append(("conclusion", "Conclusion"))
    return sections


def default_texts(figures: Figures) -> dict[str, str]:
    """The texts prefilled from the data, by section key."""
    meeting = figures.meeting
    present = sum(1 for line in meeting.attendance if line.status in ("present", "represented"))
    chair = f" ({meeting.chair})" if meeting.chair else ""  # a function (« Secrétaire générale »), not a name
    texts = {
        "letter": (
            f"Madame, Monsieur,\n\nVeuillez trouver ci-joint le compte rendu de la réunion du "
            f"{meeting.committee_name} du {date_fr(meeting.starts_at)}, à laquelle vous avez été convié·e.\n\n"
            "Vos remarques sur ce compte rendu sont les bienvenues dans un délai de quinze jours. Je vous prie "
            "d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées."
        ),
        "introduction": (
            f"La séance est ouverte par la présidence{chair}, qui remercie les {present} participants "
            "de leur présence et rappelle l'objet du comité : présenter les résultats de la démarche qualité de "
            "l'accueil et recueillir l'avis des usagers."
        ),
        "conclusion": "La présidence remercie les membres pour leurs contributions et lève la séance.",
    }
    for item in meeting.agenda:
        texts[f"item-{item.position}"] = item.notes or _section_summary(item.section, figures)
    return texts


def _section_summary(section: str, figures: Figures) -> str:
    if section == "indicators" and figures.indicators:
        met = sum(1 for f in figures.indicators if f.met)
        with_target = sum(1 for f in figures.indicators if f.met is not None)
        return (
            f"Les résultats des indicateurs de l'année {figures.year} sont présentés : {met} cibles atteintes "
            f"sur {with_target}."
        )
    if section == "satisfaction" and figures.satisfaction:
        return (
            f"Les résultats de l'enquête de satisfaction ({figures.satisfaction.campaign}, "
            f"{figures.satisfaction.respondents} répondants) sont présentés et comparés à l'année précédente, "
            "en points."
        )
    if section == "complaints" and figures.complaints:
        return (
            f"{figures.complaints.complaints} réclamations et {figures.complaints.suggestions} suggestions ont été "
            f"reçues en {figures.year} ; les principaux thèmes sont présentés."
        )
    if section == "action_plan" and figures.action_plan:
        return (
            f"Le plan d'actions « {figures.action_plan.title} » est réalisé à "
            f"{format_percent(figures.action_plan.completion)}."
        )
    return ""


def section_table(section: str, figures: Figures) -> Table | None:
    """The figures of an agenda section as a table (the same figures as the deck's slide)."""
    if section == "indicators" and figures.indicators:
        return Table(
            ("Indicateur", "Résultat", "Base", "Cible", "Statut"),
            tuple((f.name, f.value_text, f.basis, f.target_text, f.status) for f in figures.indicators),
            caption=f"Indicateurs {figures.year}",
            widths=(4, 1.4, 4, 1.4, 1.4),
        )
    if section == "satisfaction" and figures.satisfaction:
        s = figures.satisfaction
        return Table(
            ("Critère", "N-1", "N", "Évolution", "Base"),
            tuple(
                (
                    c.label,
                    format_percent(c.previous),
                    format_percent(c.rate),
                    _points(c.change),
                    f"{c.satisfied} / {c.answered}",
                )
                for c in s.criteria
            ),
            caption=f"{s.campaign} — {s.respondents} répondants ; comparaison : {s.previous_label}",
            widths=(5, 1.3, 1.3, 1.5, 1.6),
        )
    if section == "complaints" and figures.complaints and figures.complaints.themes:
        c = figures.complaints
        return Table(
            ("Thème", "Réclamations", "Part"),
            tuple(
                (t.theme, str(t.count), format_percent(t.count * 100 / t.base if t.base else None)) for t in c.themes
            ),
            caption=f"Réclamations {figures.year} par thème ({c.complaints} réclamations ; une réclamation peut "
            "porter plusieurs thèmes)",
            widths=(6, 2, 2),
        )
    if section == "action_plan" and figures.action_plan:
        p = figures.action_plan
        return Table(
            ("Axe", "Réalisation", "Actions"),
            tuple((a.title, format_percent(a.completion), str(a.counted)) for a in p.axes)
            + (("Ensemble", format_percent(p.completion), str(p.counted)),),
            caption=f"{p.title} — {p.rule_text}",
            widths=(6, 2, 2),
        )
    if section == "spplus" and figures.spplus:
        return Table(
            ("Site", "Date", "Moyenne", "Le plus atteint", "Le moins atteint"),
            tuple(
                (ln.site, ln.assessed_on.strftime("%d/%m/%Y"), format_percent(ln.mean), ln.strongest, ln.weakest)
                for ln in figures.spplus
            ),  # fmt: skip
            caption="Auto-évaluations Services Publics+",
        )
    if section == "audits" and figures.labels:
        return Table(
            ("Site", "Référentiel", "Décision", "Valable jusqu'au", "Prochaine échéance"),
            tuple(
                (
                    ln.site,
                    ln.framework,
                    ln.decided_on.strftime("%d/%m/%Y"),
                    ln.valid_until.strftime("%d/%m/%Y"),
                    ln.next_due,
                )
                for ln in figures.labels
            ),  # fmt: skip
            caption="Label : décisions en cours de validité"
            + (f" au {figures.labels_at:%d/%m/%Y}" if figures.labels_at else ""),
        )
    if section == "projection" and figures.projection and figures.projection.points:
        p = figures.projection
        return Table(
            ("Mois", "Projection", "Intervalle à 95 %"),
            tuple(
                (month, f"{value:,.0f}".replace(",", " "), f"{low:,.0f} – {high:,.0f}".replace(",", " "))
                for month, value, low, high in p.points
            ),  # fmt: skip
            caption=f"Projection de « {p.quantity} » — {p.model} ; MAPE {p.mape:.1f} %".replace(".", ","),
        )
    return None


def voice_table(figures: Figures) -> Table:
    """« Vous avez dit, nous avons fait »: the actions raised from the users' voice and the before / after (with its
    basis) of the indicator each aims at."""
    return Table(
        ("Action", "À la suite de", "État", "Indicateur visé", "Avant", "Après"),
        tuple(
            (v.title, v.origin_label, v.status_label, v.aimed_name or "—", v.before_text, v.after_text)
            for v in figures.voice
        ),
        caption="Vous avez dit, nous avons fait",
    )


def _points(change: float | None) -> str:
    if change is None:
        return "—"
    return f"{'+' if change > 0 else ''}{change:.1f} pt".replace(".", ",")


def attendance_blocks(meeting) -> list:
    by_category: dict[str, list] = defaultdict(list)
    labels = {}
    for line in meeting.attendance:
        by_category[line.category].append(line)
        labels[line.category] = line.category_label
    blocks = []
    counts = defaultdict(int)
    for line in meeting.attendance:
        counts[line.status] += 1
    plural = {"present": "présents", "represented": "représentés", "excused": "excusés", "absent": "absents"}
    summary = ", ".join(f"{plural[s]} : {counts[s]}" for s in plural if counts[s])
    blocks.append(Paragraph(f"Membres : {len(meeting.attendance)} — {summary}."))
    for category in [*CATEGORY_ORDER, *sorted(set(by_category) - set(CATEGORY_ORDER))]:
        lines = by_category.get(category)
        if not lines:
            continue
        rows = []
        for line in lines:
            status = STATUS_LABELS.get(line.status, line.status)
            if line.status == "represented" and line.represented_by:
                status = f"Représenté·e par {line.represented_by}"
            role = POSITION_LABELS.get(line.position, "")
            # a body known by its name alone: its name under « Organisme », its representative unnamed
            member = "Représentant·e" if line.organisation == line.member else line.member
            rows.append((member + (f" ({role})" if role else ""), line.organisation, status))
        blocks.append(
            Table(("Membre", "Organisme", "Présence"), tuple(rows), caption=labels[category], widths=(4, 4, 2.5))
        )
    return blocks


def minutes_content(figures: Figures, texts: dict[str, str]) -> Content:
    meeting = figures.meeting
    if meeting is None:
        raise ValueError("Le compte rendu porte sur une réunion.")
    texts = {**default_texts(figures), **{k: v for k, v in texts.items() if v.strip()}}
    title = f"Compte rendu — {meeting_title(meeting)}"
    content = Content(title)
    # the cover letter
    content.add(
        Paragraph(figures.subject),
        Paragraph(f"{meeting.department_name}, le {date_fr(figures.computed_at)}", muted=True),
        Paragraph(f"Objet : compte rendu du {meeting.committee_name} du {date_fr(meeting.starts_at)}"),
        Paragraph(texts["letter"]),
        Paragraph(meeting.chair or "La présidence du comité"),
        PageBreak(),
    )
    # the meeting
    where = f" — {meeting.place}" if meeting.place else ""
    content.add(
        Heading(title, 1),
        Paragraph(f"Réunion du {date_fr(meeting.starts_at, with_time=True)}{where}."),
        Paragraph(f"Présidence : {meeting.chair or 'non renseignée'}."),
        Heading("Participants", 2),
        *attendance_blocks(meeting),
        Heading("Ordre du jour", 2),
        Bullets(tuple(item.title for item in meeting.agenda), ordered=True),
        Heading("Introduction", 2),
        Paragraph(texts["introduction"]),
    )
    answered_topics = set()
    for item in meeting.agenda:
        content.add(Heading(f"{item.position}. {item.title}", 2))
        if texts.get(f"item-{item.position}"):
            content.add(Paragraph(texts[f"item-{item.position}"]))
        table = section_table(item.section, figures)
        if table is not None:
            content.add(table)
        if item.section == "action_plan" and figures.voice:
            content.add(voice_table(figures))
        for intervention in meeting.interventions:
            if intervention.topic == item.title:
                answered_topics.add(id(intervention))
                content.add(*_intervention(intervention))
    others = [i for i in meeting.interventions if id(i) not in answered_topics]
    if others:
        content.add(Heading("Questions diverses", 2))
        for intervention in others:
            content.add(*_intervention(intervention))
    content.add(Heading("Décisions", 2))
    if meeting.decisions:
        content.add(Bullets(tuple(d.text for d in meeting.decisions), ordered=True))
    else:
        content.add(Paragraph("Aucune décision n'a été enregistrée.", muted=True))
    content.add(Heading("Conclusion", 2), Paragraph(texts["conclusion"]))
    # annexes
    content.add(PageBreak(), Heading("Annexe 1 — Les chiffres présentés", 2))
    content.add(Paragraph(
        "Chaque chiffre est calculé par Vigie à partir des données enregistrées ; la base (numérateur / dénominateur) "
        "et la source sont indiquées.", muted=True))  # fmt: skip
    for section in ("indicators", "satisfaction", "complaints", "action_plan", "spplus", "audits"):
        table = section_table(section, figures)
        if table is not None:
            content.add(table)
        if section == "action_plan" and figures.voice:
            content.add(voice_table(figures))
    content.add(Heading("Annexe 2 — Modèles de courriers examinés", 2))
    if meeting.opinions:
        content.add(
            Table(
                ("Sujet", "Modèles (versions)", "Avis du comité"),
                tuple((o.topic, ", ".join(o.template_versions) or "—", o.text) for o in meeting.opinions),
                widths=(3, 3, 6),
            )
        )
    else:
        content.add(Paragraph("Aucun modèle n'a été soumis au comité lors de cette réunion.", muted=True))
    return content


def _intervention(intervention) -> list:
    who = intervention.speaker + (f" ({intervention.organisation})" if intervention.organisation else "")
    blocks = [Paragraph(f"{who} : {intervention.text}")]
    for answer in intervention.answers:
        blocks.append(Paragraph(f"Réponse ({answer.speaker}) : {answer.text}"))
    return blocks
