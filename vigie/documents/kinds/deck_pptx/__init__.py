"""The committee's slide deck (PPTX, python-pptx): a title slide, then one slide (or a few) per agenda section, each
section only when its data exists. Charts are native chart objects with their data embedded (the deck stays
editable in PowerPoint or Impress); the speaker notes give every figure's basis and source.

Visual identity of the State: white background, bleu France #000091 titles, a rouge Marianne #E1000F accent,
Arial (Marianne when installed)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from vigie.core.formatting import format_number, format_percent
from vigie.documents.sources import Figures
from vigie.documents.text import date_fr, meeting_title, shorten

BLUE = RGBColor(0x00, 0x00, 0x91)
RED = RGBColor(0xE1, 0x00, 0x0F)
GREY = RGBColor(0x66, 0x66, 0x66)
LIGHT_BLUE = RGBColor(0x9A, 0x9A, 0xFF)
LIGHT_GREY = RGBColor(0xEE, 0xEE, 0xEE)
FONT = "Arial"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
ROWS_PER_SLIDE = 8
MEETING_SECTIONS = ("templates", "questions")
CHART_BOX = (Inches(0.6), Inches(1.4), Inches(12.1), Inches(5.1))
TABLE_TOP = Inches(1.45)

SECTION_TITLES = {
    "indicators": "Indicateurs de qualité de service",
    "satisfaction": "Enquête de satisfaction",
    "complaints": "Réclamations et suggestions",
    "spplus": "Services Publics+ : auto-évaluation",
    "action_plan": "Plan d'actions",
    "audits": "Audits et label",
    "templates": "Modèles de courriers et courriels soumis au comité",
    "questions": "Questions des membres et réponses",
    "projection": "Projection de la demande à 12 mois",
}


class Deck:
    def __init__(self, figures: Figures):
        self.figures = figures
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.blank = self.prs.slide_layouts[6]
        self.count = 0

    # ---- primitives ------------------------------------------------------------------------------------------

    def _text(self, slide, left, top, width, height, text, *, size=14, bold=False, color=None, align=None):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(text.split("\n")):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
            run.font.color.rgb = color or RGBColor(0x16, 0x16, 0x16)
            if align:
                paragraph.alignment = align
        return box

    def _bar(self, slide, left, top, width, height, color):
        shape = slide.shapes.add_shape(1, left, top, width, height)  # MSO_SHAPE.RECTANGLE
        shape.fill.solid()
        shape.fill.fore_color.rgb = color
        shape.line.fill.background()
        return shape

    def slide(self, title: str, notes: str, source: str = ""):
        slide = self.prs.slides.add_slide(self.blank)
        self.count += 1
        self._bar(slide, 0, 0, WIDTH, Inches(0.12), BLUE)
        self._text(slide, Inches(0.6), Inches(0.35), Inches(12), Inches(0.8), title, size=28, bold=True, color=BLUE)
        self._bar(slide, Inches(0.6), Inches(1.15), Inches(0.9), Inches(0.06), RED)
        footer = f"{self.figures.subject} — {self._occasion()}"
        self._text(slide, Inches(0.6), Inches(7.0), Inches(9), Inches(0.35), footer, size=10, color=GREY)
        self._text(
            slide, Inches(11.8), Inches(7.0), Inches(1), Inches(0.35), str(self.count), size=10, color=GREY,
            align=PP_ALIGN.RIGHT,
        )  # fmt: skip
        if source:
            self._text(slide, Inches(0.6), Inches(6.6), Inches(12), Inches(0.35), f"Source : {source}", size=10,
                       color=GREY)  # fmt: skip
        slide.notes_slide.notes_text_frame.text = notes
        return slide

    def _occasion(self) -> str:
        meeting = self.figures.meeting
        if meeting is not None:
            return f"{meeting.committee_name}, {date_fr(meeting.starts_at)}"
        return f"résultats {self.figures.year}"

    def chart(self, slide, kind, categories: Sequence[str], series: Sequence[tuple[str, Sequence]], *, percent=True,
              colors=(BLUE, LIGHT_BLUE)):  # fmt: skip
        left, top, width, height = CHART_BOX
        data = CategoryChartData(number_format='0.0" %"' if percent else "#,##0")
        data.categories = list(categories)
        for name, values in series:
            data.add_series(name, list(values))
        graphic = slide.shapes.add_chart(kind, left, top, width, height, data)
        chart = graphic.chart
        chart.font.size, chart.font.name = Pt(12), FONT
        chart.has_title = False  # the slide's title says it (a one-series chart would repeat its series' name)
        chart.has_legend = len(series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        if kind != XL_CHART_TYPE.DOUGHNUT:
            plot = chart.plots[0]
            plot.has_data_labels = True
            plot.data_labels.number_format = '0.0" %"' if percent else "#,##0"
            plot.data_labels.number_format_is_linked = False
            plot.data_labels.font.size = Pt(10)
            if kind in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.COLUMN_CLUSTERED):
                plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
            if kind == XL_CHART_TYPE.LINE:
                plot.has_data_labels = False  # 36 points: the values are in the notes
                plot.gap_width = 60
            for index, one in enumerate(chart.series):
                if kind == XL_CHART_TYPE.LINE:
                    one.format.line.color.rgb = colors[index % len(colors)]
                    one.smooth = False
                else:
                    one.format.fill.solid()
                    one.format.fill.fore_color.rgb = colors[index % len(colors)]
            value_axis = chart.value_axis
            value_axis.has_major_gridlines = True
            value_axis.major_gridlines.format.line.color.rgb = LIGHT_GREY
            value_axis.tick_labels.font.size = Pt(10)
            if percent:
                value_axis.maximum_scale, value_axis.minimum_scale = 100.0, 0.0
                value_axis.tick_labels.number_format = '0" %"'
                value_axis.tick_labels.number_format_is_linked = False
            chart.category_axis.tick_labels.font.size = Pt(11)
        return chart

    def table(self, slide, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], *,
              size=12):  # fmt: skip
        top = TABLE_TOP
        total = sum(widths)
        shape = slide.shapes.add_table(
            len(rows) + 1, len(header), Inches(0.6), top, Inches(12.1), Inches(0.4) * (len(rows) + 1)
        )
        table = shape.table
        for index, width in enumerate(widths):
            table.columns[index].width = Emu(int(Inches(12.1) * width / total))
        for col, text in enumerate(header):
            self._cell(table.cell(0, col), text, size=size, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF), fill=BLUE)
        for r, row in enumerate(rows, start=1):
            for col, text in enumerate(row):
                self._cell(table.cell(r, col), text, size=size, fill=LIGHT_GREY if r % 2 == 0 else None)
        return table

    def _cell(self, cell, text, *, size, bold=False, color=None, fill=None):
        cell.text = ""
        paragraph = cell.text_frame.paragraphs[0]
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        run.font.color.rgb = color or RGBColor(0x16, 0x16, 0x16)
        cell.margin_left = cell.margin_right = Inches(0.06)
        cell.margin_top = cell.margin_bottom = Inches(0.03)
        if fill is not None:
            cell.fill.solid()
            cell.fill.fore_color.rgb = fill
        else:
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    def paged_table(self, title, notes, source, header, rows, widths, *, size=12, per_slide=ROWS_PER_SLIDE):
        pages = [rows[i : i + per_slide] for i in range(0, len(rows), per_slide)] or [[]]
        for number, page in enumerate(pages, start=1):
            suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
            slide = self.slide(title + suffix, notes, source)
            self.table(slide, header, page, widths, size=size)

    def empty(self, title: str, why: str):
        slide = self.slide(title, f"Pas de données : {why}")
        self._text(slide, Inches(0.6), Inches(3.0), Inches(12), Inches(1), f"Pas de données — {why}", size=20,
                   color=GREY)  # fmt: skip

    # ---- slides ----------------------------------------------------------------------------------------------

    def title_slide(self):
        figures, meeting = self.figures, self.figures.meeting
        slide = self.prs.slides.add_slide(self.blank)
        self.count += 1
        self._bar(slide, 0, 0, Inches(0.35), HEIGHT, BLUE)
        self._bar(slide, Inches(0.35), 0, Inches(0.12), HEIGHT, RED)
        self._text(slide, Inches(1.2), Inches(0.8), Inches(11), Inches(0.6), "RÉPUBLIQUE FRANÇAISE", size=16,
                   bold=True)  # fmt: skip
        self._text(slide, Inches(1.2), Inches(1.3), Inches(11), Inches(0.5), "Liberté\nÉgalité\nFraternité", size=11,
                   color=GREY)  # fmt: skip
        self._text(slide, Inches(1.2), Inches(2.6), Inches(11), Inches(0.6), figures.subject, size=20, bold=True,
                   color=BLUE)  # fmt: skip
        title = meeting_title(meeting) if meeting else f"Résultats de la démarche qualité {figures.year}"
        self._text(slide, Inches(1.2), Inches(3.3), Inches(11.5), Inches(1.4), title, size=36, bold=True, color=BLUE)
        subtitle = (
            f"{date_fr(meeting.starts_at, with_time=True)}" + (f" — {meeting.place}" if meeting.place else "")
            if meeting
            else f"Département : {figures.department_name} ({figures.department_code})"
        )
        self._text(slide, Inches(1.2), Inches(5.0), Inches(11), Inches(0.6), subtitle, size=18)
        notes = (
            "Diaporama généré par Vigie à partir des données : chaque chiffre est calculé depuis les mesures, le "
            "registre des demandes, les enquêtes, le plan d'actions et les audits ; les notes de chaque diapositive "
            f"donnent la base (numérateur / dénominateur) et la source. Calculé le {date_fr(figures.computed_at)}."
        )
        slide.notes_slide.notes_text_frame.text = notes

    def agenda_slide(self):
        meeting = self.figures.meeting
        if meeting is None or not meeting.agenda:
            return
        items = [f"{item.position}. {item.title}" for item in meeting.agenda]
        slide = self.slide("Ordre du jour", "Ordre du jour de la réunion, tel qu'enregistré dans Vigie.")
        self._text(slide, Inches(0.8), Inches(1.5), Inches(11.5), Inches(5), "\n".join(items), size=18)

    def indicators(self):
        lines = self.figures.indicators
        title = SECTION_TITLES["indicators"]
        if not lines:
            return self.empty(title, f"aucune mesure d'indicateur en {self.figures.year}")
        notes = "\n".join(
            f"{f.code} — {f.name} : {f.value_text} ({f.basis}) ; cible {f.target_text} ; {f.status}. Source : "
            f"{f.source}."
            for f in lines
        )
        rates = [f for f in lines if f.is_rate and f.target is not None][:10]
        if rates:
            slide = self.slide(title + " : résultats et cibles", notes, "mesures de l'année dans Vigie")
            self.chart(
                slide,
                XL_CHART_TYPE.BAR_CLUSTERED,
                [shorten(f.name, 48) for f in reversed(rates)],
                [
                    ("Résultat " + str(self.figures.year), [f.value for f in reversed(rates)]),
                    ("Cible", [f.target for f in reversed(rates)]),
                ],  # fmt: skip
            )
        rows = [[shorten(f.name, 60), f.value_text, shorten(f.basis, 55), f.target_text, f.status] for f in lines]
        self.paged_table(
            title, notes, "mesures de l'année dans Vigie", ["Indicateur", "Résultat", "Base", "Cible", "Statut"], rows,
            [4.2, 1.3, 3.9, 1.3, 1.4], size=11, per_slide=10,
        )  # fmt: skip

    def satisfaction(self):
        data = self.figures.satisfaction
        title = SECTION_TITLES["satisfaction"]
        if data is None or not data.criteria:
            return self.empty(title, f"aucune campagne de satisfaction close en {self.figures.year}")
        notes = (
            f"{data.campaign} : {data.respondents} répondants. {data.rule}. Comparaison : {data.previous_label}.\n"
            + "\n".join(
                f"{c.label} : {format_percent(c.rate)} ({c.satisfied} / {c.answered} réponses"
                + (
                    f", IC 95 % {format_percent(c.ci_low)} – {format_percent(c.ci_high)}"
                    if c.ci_low is not None
                    else ""
                )
                + ("; petit échantillon" if c.small_sample else "")
                + f") ; N-1 {format_percent(c.previous)} ; évolution {points(c.change)}"
                for c in data.criteria
            )
        )
        source = f"{data.campaign}, {data.respondents} répondants"
        criteria = data.criteria[:10]
        slide = self.slide(title + " : taux de satisfaction", notes, source)
        self.chart(
            slide,
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            [shorten(c.label, 28) for c in criteria],
            [("N-1", [c.previous for c in criteria]), (f"{self.figures.year}", [c.rate for c in criteria])],
            colors=(LIGHT_BLUE, BLUE),
        )
        rows = [
            [shorten(c.label, 60), format_percent(c.previous), format_percent(c.rate), points(c.change),
             f"{c.satisfied} / {c.answered}"]
            for c in data.criteria
        ]  # fmt: skip
        self.paged_table(
            title + " : évolution en points", notes, source, ["Critère", "N-1", "N", "Évolution", "Base"], rows,
            [5.5, 1.4, 1.4, 1.6, 1.8],
        )  # fmt: skip

    def complaints(self):
        data = self.figures.complaints
        title = SECTION_TITLES["complaints"]
        if data is None:
            return self.empty(title, f"aucune demande enregistrée en {self.figures.year}")
        notes = (
            f"{data.total} demandes reçues en {self.figures.year}, dont {data.complaints} réclamations et "
            f"{data.suggestions} suggestions (registre des demandes de Vigie, date de réception). Thèmes des "
            "réclamations (une réclamation peut porter plusieurs thèmes) :\n"
            + "\n".join(f"{t.theme} : {t.count} / {t.base}" for t in data.themes)
            + "\nRéponses dans le délai : "
            + "; ".join(f"{label} {on_time} / {due}" for label, on_time, due in data.timeliness)
        )
        source = f"registre des demandes, {data.complaints} réclamations reçues en {self.figures.year}"
        if not data.themes:
            slide = self.slide(title, notes, source)
            self._text(slide, Inches(0.6), Inches(2), Inches(12), Inches(2),
                       f"{data.complaints} réclamations, {data.suggestions} suggestions ; aucun thème saisi.",
                       size=20)  # fmt: skip
            return
        themes = list(data.themes[:12])
        slide = self.slide(title + " : réclamations par thème", notes, source)
        self.chart(
            slide,
            XL_CHART_TYPE.BAR_CLUSTERED,
            [shorten(t.theme, 45) for t in reversed(themes)],
            [("Réclamations", [t.count for t in reversed(themes)])],
            percent=False,
        )

    def spplus(self):
        lines = self.figures.spplus
        title = SECTION_TITLES["spplus"]
        if not lines:
            return self.empty(title, f"aucune auto-évaluation Services Publics+ en {self.figures.year}")
        notes = (
            "Moyenne non pondérée des taux d'atteinte des engagements évalués (engagements sans évaluation exclus). "
            "Source : auto-évaluations Services Publics+ enregistrées dans Vigie."
        )
        rows = [[ln.site, ln.assessed_on.strftime("%d/%m/%Y"), format_percent(ln.mean), ln.strongest, ln.weakest]
                for ln in lines]  # fmt: skip
        self.paged_table(
            title, notes, "auto-évaluations Services Publics+",
            ["Site", "Date", "Moyenne", "Engagement le plus atteint", "Le moins atteint"], rows,
            [3.5, 1.5, 1.4, 2.8, 2.8],
        )  # fmt: skip

    def action_plan(self):
        plan = self.figures.action_plan
        title = SECTION_TITLES["action_plan"]
        if plan is None:
            return self.empty(title, f"aucun plan d'actions {self.figures.year}")
        notes = (
            f"{plan.title} : réalisation {format_percent(plan.completion)} sur {plan.counted} actions. {plan.rule_text}"
            + "\n"
            + "\n".join(f"{a.title} : {format_percent(a.completion)} ({a.counted} actions)" for a in plan.axes)
        )
        slide = self.slide(
            f"{title} : réalisation {format_percent(plan.completion)}", notes, f"{plan.title} ({plan.counted} actions)"
        )
        axes = list(plan.axes)
        self.chart(
            slide,
            XL_CHART_TYPE.BAR_CLUSTERED,
            [shorten(a.title, 50) for a in reversed(axes)],
            [("Taux de réalisation", [a.completion for a in reversed(axes)])],
        )
        self.voice()

    def voice(self):
        """« Vous avez dit, nous avons fait »: the actions raised from the users' voice, with the before / after of
        the indicator each aims at (« — » without one)."""
        voice = self.figures.voice
        if not voice:
            return
        rows = [[shorten(v.title, 70), shorten(v.origin_label, 60), v.status_label, v.before_text, v.after_text]
                for v in voice]  # fmt: skip
        notes = "\n".join(
            f"{v.title} — à la suite de : {v.origin_label}. Indicateur visé : {v.aimed_text}" for v in voice
        )
        self.paged_table(
            "Vous avez dit, nous avons fait", notes, "actions du plan issues de la parole des usagers",
            ["Action", "À la suite de", "État", "Avant", "Après"], rows, [3.4, 3.0, 1.4, 2.2, 2.2], size=10,
        )  # fmt: skip

    def audits(self):
        lines = self.figures.labels
        title = SECTION_TITLES["audits"]
        at = self.figures.labels_at
        on = f" au {at:%d/%m/%Y}" if at else ""
        if not lines:
            return self.empty(title, f"aucune décision de label en cours de validité{on}")
        notes = (
            f"Décisions de label en cours de validité{on} et prochaine échéance du cycle vue à cette date (audits et "
            "label dans Vigie)."
        )
        rows = [[ln.site, ln.framework, ln.decided_on.strftime("%d/%m/%Y"), ln.valid_until.strftime("%d/%m/%Y"),
                 shorten(ln.body, 30), shorten(ln.next_due, 45)] for ln in lines]  # fmt: skip
        self.paged_table(
            title, notes, "décisions de label et audits enregistrés dans Vigie",
            ["Site", "Référentiel", "Décision", "Valable jusqu'au", "Organisme", "Prochaine échéance"], rows,
            [2.4, 1.8, 1.3, 1.5, 2.2, 2.9], size=11,
        )  # fmt: skip

    def templates(self):
        meeting = self.figures.meeting
        title = SECTION_TITLES["templates"]
        if meeting is None or not meeting.opinions:
            return self.empty(title, "aucun avis du comité sur les modèles enregistré")
        rows = [[shorten(o.topic, 40), shorten(", ".join(o.template_versions), 40) or "—", shorten(o.text, 90)]
                for o in meeting.opinions]  # fmt: skip
        self.paged_table(
            title, "Avis du comité sur les modèles de réponse, tels qu'enregistrés pour la réunion.", "avis du comité",
            ["Sujet", "Modèles (versions)", "Avis"], rows, [3, 3, 6.1],
        )  # fmt: skip

    def questions(self):
        meeting = self.figures.meeting
        title = SECTION_TITLES["questions"]
        if meeting is None or not meeting.interventions:
            return self.empty(title, "aucune intervention enregistrée")
        rows = [
            [shorten(f"{i.speaker} ({i.organisation})" if i.organisation else i.speaker, 40), shorten(i.text, 90),
             shorten(" ".join(a.text for a in i.answers), 90) or "—"]
            for i in meeting.interventions
        ]  # fmt: skip
        self.paged_table(
            title, "Interventions des membres et réponses de l'administration (texte complet dans le compte rendu).",
            "interventions enregistrées pour la réunion", ["Intervenant", "Question", "Réponse"], rows, [2.6, 4.8, 4.7],
            size=11, per_slide=5,
        )  # fmt: skip

    def projection(self):
        data = self.figures.projection
        title = SECTION_TITLES["projection"]
        if data is None:
            return self.empty(title, "aucun indicateur mensuel de volume mesuré")
        if not data.points:
            return self.empty(title, data.refusal or "projection impossible")
        labels = [label for label, _ in data.history] + [label for label, *_ in data.points]
        known = [value for _, value in data.history] + [None] * len(data.points)
        pad = [None] * (len(data.history) - 1)
        last = data.history[-1][1]
        forecast = [*pad, last, *(p[1] for p in data.points)]
        low = [*pad, last, *(p[2] for p in data.points)]
        high = [*pad, last, *(p[3] for p in data.points)]
        notes = (
            f"Projection de « {data.quantity} » ({data.indicator}) sur 12 mois. Modèle : {data.model}. Erreur du "
            f"test rétrospectif (MAPE) : {format_number(data.mape, 1)} % ({data.backtest_method}). Intervalle à 95 %.\n"
            + "\n".join(
                f"{month} : {format_number(value)} (95 % : {format_number(low)} – {format_number(high)})"
                for month, value, low, high in data.points
            )
        )
        source = f"mesures mensuelles ; modèle {data.model.split(' — ')[0]}, MAPE {format_number(data.mape, 1)} %"
        slide = self.slide(f"Projection à 12 mois : {shorten(data.quantity.split(',')[0], 34)}", notes, source)
        self.chart(
            slide,
            XL_CHART_TYPE.LINE,
            labels,
            [("Observé", known), ("Projection", forecast), ("Bas (95 %)", low), ("Haut (95 %)", high)],
            percent=False,
            colors=(BLUE, RED, LIGHT_BLUE, LIGHT_BLUE),
        )

    def closing(self):
        meeting = self.figures.meeting
        if meeting is None or not meeting.decisions:
            return
        rows = [[str(n), shorten(d.text, 120)] for n, d in enumerate(meeting.decisions, start=1)]
        self.paged_table("Décisions et suites", "Décisions de la réunion (chacune suivie dans le plan d'actions).",
                         "relevé de décisions", ["N°", "Décision"], rows, [0.6, 11.5])  # fmt: skip

    def build(self) -> bytes:
        self.title_slide()
        self.agenda_slide()
        builders: dict[str, Callable[[], None]] = {
            "indicators": self.indicators,
            "satisfaction": self.satisfaction,
            "complaints": self.complaints,
            "spplus": self.spplus,
            "action_plan": self.action_plan,
            "audits": self.audits,
            "templates": self.templates,
            "questions": self.questions,
            "projection": self.projection,
        }
        meeting_only = () if self.figures.meeting else MEETING_SECTIONS  # no meeting: no opinions nor questions
        for section in self.figures.sections:
            if section in builders and section not in meeting_only:
                builders[section]()
        self.closing()
        self.prs.core_properties.title = f"{self.figures.subject} — {self._occasion()}"
        self.prs.core_properties.language = "fr-FR"
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def points(change: float | None) -> str:
    if change is None:
        return "—"
    return f"{'+' if change > 0 else ''}{format_number(change, 1)} pt"


def build_deck(figures: Figures) -> bytes:
    return Deck(figures).build()
