"""Screens of the committees app: each view parses, checks the right (perms.py), calls a service or a query,
renders. Every view states its access rule; objects are fetched through scoped queries (404 outside the scope, 403
for a reader who does not manage). The members' answer page is public: reached only through its private token."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from vigie.core.access import PUBLIC, SCOPED, access
from vigie.core.calendar import WorkingCalendar
from vigie.core.idempotency import Answer, KeyReused, form_content, once
from vigie.core.public_forms import is_robot, over_public_rate
from vigie.core.spreadsheets import write_csv, xlsx_response
from vigie.mail.catalogue import templates_in_force
from vigie.organisation.milestones import NEXT_AUDIT, milestone

from . import queries, rules, services
from .enums import USERS_KINDS, Rsvp
from .forms import (
    AgendaItemForm,
    AnswerForm,
    AttendanceForm,
    CommitteeForm,
    DecisionActionForm,
    DecisionForm,
    InterventionForm,
    MeetingForm,
    MemberForm,
    OpinionForm,
    RsvpForm,
)
from .models import Meeting
from .perms import can_manage_committees


def _today(department):
    return WorkingCalendar.for_department(department.code).local_date(timezone.now())


def _department(request, code: str, *, manage: bool = False):
    department = queries.get_department_for_committees(request.user, code)
    if manage and not can_manage_committees(request.user, department):
        raise PermissionDenied
    return department


def _committee(request, code: str, committee_id: uuid.UUID, *, manage: bool = False):
    department = _department(request, code)
    committee = queries.get_committee_for_user(request.user, department, committee_id)
    if manage and not can_manage_committees(request.user, department):
        raise PermissionDenied
    return department, committee


def _meeting(request, code: str, meeting_id: uuid.UUID, *, manage: bool = False):
    department = _department(request, code)
    meeting = queries.get_meeting_for_user(request.user, department, meeting_id)
    if manage and not can_manage_committees(request.user, department):
        raise PermissionDenied
    return department, meeting


def _back(meeting: Meeting, anchor: str = ""):
    response = redirect("meeting_detail", code=meeting.committee.department.code, meeting_id=meeting.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


# ---- committees ----------------------------------------------------------------------------------------------


def committee_warnings(department, committees, next_audit) -> list:
    """The rule on the department's users' committees: at least one a year, and one before the next audit (whose
    date the audits announce through organisation.milestones: the audits app is on the same layer)."""
    days = [
        timezone.localtime(meeting.starts_at).date()
        for committee in committees
        if committee.kind in USERS_KINDS
        for meeting in committee.meetings.all()
        if meeting.cancelled_at is None
    ]
    return rules.warnings(days, today=_today(department), next_audit=next_audit)


@access(SCOPED)
def committee_list(request, code: str):
    department = _department(request, code)
    committees = queries.committees_of(department)
    can_manage = can_manage_committees(request.user, department)
    next_audit = milestone(NEXT_AUDIT, department, _today(department))
    return render(
        request,
        "committees/committee_list.html",
        {
            "title": f"Comités — {department.name}",
            "department": department,
            "committees": committees,
            "warnings": committee_warnings(department, committees, next_audit),
            "next_audit": next_audit,
            "can_manage": can_manage,
            "today": _today(department),
        },
    )


@access(SCOPED)
def committee_create(request, code: str):
    department = _department(request, code, manage=True)
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        committee = services.create_committee(actor=request.user, department=department, **form.cleaned_data)
        messages.success(request, "Comité créé.")
        return redirect("committee_detail", code=department.code, committee_id=committee.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"title": "Nouveau comité", "department": department, "committee": None, "form": form}
    return render(request, "committees/committee_form.html", context, status=status)


@access(SCOPED)
def committee_edit(request, code: str, committee_id: uuid.UUID):
    department, committee = _committee(request, code, committee_id, manage=True)
    initial = {"kind": committee.kind, "name": committee.name, "retention_months": committee.retention_months}
    form = CommitteeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_committee(actor=request.user, committee=committee, **form.cleaned_data)
        messages.success(request, "Comité modifié.")
        return redirect("committee_detail", code=department.code, committee_id=committee.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"title": f"Modifier — {committee.name}", "department": department, "committee": committee, "form": form}
    return render(request, "committees/committee_form.html", context, status=status)


def _committee_page(request, department, committee, *, member_form=None, meeting_form=None, status=200):
    can_manage = can_manage_committees(request.user, department)
    context = {
        "title": committee.name,
        "department": department,
        "committee": committee,
        "members": committee.members.order_by("category", "organisation", "function"),
        "meetings": committee.meetings.order_by("-starts_at"),
        "can_manage": can_manage,
        "member_form": member_form or (MemberForm(initial={"starts_on": _today(department)}) if can_manage else None),
        "meeting_form": meeting_form or (MeetingForm(committee=committee) if can_manage else None),
        "page_has_errors": status == 400,
        "today": _today(department),
    }
    return render(request, "committees/committee_detail.html", context, status=status)


@access(SCOPED)
def committee_detail(request, code: str, committee_id: uuid.UUID):
    department, committee = _committee(request, code, committee_id)
    return _committee_page(request, department, committee)


@access(SCOPED)
@require_POST
def member_add(request, code: str, committee_id: uuid.UUID):
    department, committee = _committee(request, code, committee_id, manage=True)
    form = MemberForm(request.POST)
    if not form.is_valid():
        return _committee_page(request, department, committee, member_form=form, status=400)
    services.add_member(actor=request.user, committee=committee, **form.cleaned_data)
    messages.success(request, "Membre ajouté.")
    return redirect("committee_detail", code=department.code, committee_id=committee.public_id)


@access(SCOPED)
def member_edit(request, code: str, committee_id: uuid.UUID, member_id: uuid.UUID):
    department, committee = _committee(request, code, committee_id, manage=True)
    member = queries.get_member(committee, member_id)
    initial = {name: getattr(member, name) for name in MemberForm.base_fields}
    form = MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_member(actor=request.user, member=member, **form.cleaned_data)
        messages.success(request, "Membre modifié.")
        return redirect("committee_detail", code=department.code, committee_id=committee.public_id)
    status = 400 if request.method == "POST" else 200
    context = {
        "title": f"Modifier un membre — {committee.name}",
        "department": department,
        "committee": committee,
        "member": member,
        "form": form,
    }
    return render(request, "committees/member_form.html", context, status=status)


@access(SCOPED)
@require_POST
def member_delete(request, code: str, committee_id: uuid.UUID, member_id: uuid.UUID):
    department, committee = _committee(request, code, committee_id, manage=True)
    member = queries.get_member(committee, member_id)
    if services.remove_member(actor=request.user, member=member):
        messages.success(request, "Membre supprimé.")
    else:
        messages.info(
            request,
            "Ce membre a été invité ou a siégé : il reste dans les comptes rendus, son mandat prend fin aujourd'hui.",
        )
    return redirect("committee_detail", code=department.code, committee_id=committee.public_id)


@access(SCOPED)
def members_export(request, code: str, committee_id: uuid.UUID):
    """The members with their contact details (personal data: for those who manage the committee), XLSX or CSV."""
    department, committee = _committee(request, code, committee_id, manage=True)
    rows = services.members_export_rows(committee)
    filename = f"membres-{department.code}-{committee.public_id}"
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            write_csv(header=services.EXPORT_HEADER, rows=rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    return xlsx_response(
        title=f"Membres — {committee.name}",
        header=services.EXPORT_HEADER,
        rows=rows,
        filename=f"{filename}.xlsx",
        sheet_title="Membres",
    )


@access(SCOPED)
@require_POST
def meeting_create(request, code: str, committee_id: uuid.UUID):
    department, committee = _committee(request, code, committee_id, manage=True)
    form = MeetingForm(request.POST, committee=committee)
    if not form.is_valid():
        return _committee_page(request, department, committee, meeting_form=form, status=400)
    meeting = services.schedule_meeting(actor=request.user, committee=committee, **form.meeting_fields())
    messages.success(request, "Réunion enregistrée.")
    return _back(meeting)


# ---- a meeting -----------------------------------------------------------------------------------------------


def _meeting_page(request, department, meeting, *, forms=None, status=200):
    can_manage = can_manage_committees(request.user, department)
    forms = forms or {}
    grid = services.attendance_grid(meeting)
    interventions = list(
        meeting.interventions.select_related("speaker_member", "agenda_item").prefetch_related("answers")
    )
    decisions = list(meeting.decisions.select_related("action", "intervention"))
    local = timezone.localtime(meeting.starts_at, ZoneInfo(department.territory.time_zone))
    agenda = list(meeting.agenda_items.order_by("position", "id"))
    # the standard letters and e-mails in force, for a « review of the templates » item (kept by the register)
    templates = templates_in_force(department) if any(i.section == "templates" for i in agenda) else []
    context = {
        "title": str(meeting),
        "department": department,
        "meeting": meeting,
        "local_start": local,
        "is_past": meeting.starts_at <= timezone.now(),
        "agenda": agenda,
        "templates": templates,
        "invitations": queries.invitations_of(meeting),
        "invitable": services.invitable_members(meeting),
        "grid": grid,
        "opinions": list(meeting.opinions.select_related("agenda_item")),
        "can_manage": can_manage,
        "page_has_errors": status == 400,
    }
    if can_manage:
        answer_forms = {forms["answer_for"]: forms["answer"]} if "answer" in forms else {}
        action_forms = {forms["action_for"]: forms["action"]} if "action" in forms else {}
        context.update(
            {
                "agenda_form": forms.get("agenda") or AgendaItemForm(prefix="point"),
                "attendance_form": forms.get("attendance") or AttendanceForm(rows=grid, prefix="presence"),
                "intervention_form": forms.get("intervention") or InterventionForm(meeting=meeting, prefix="interv"),
                "opinion_form": forms.get("opinion")
                or OpinionForm(
                    meeting=meeting,
                    prefix="avis",
                    initial={"template_versions": "\n".join(str(t) for t in templates)},
                ),
                "decision_form": forms.get("decision") or DecisionForm(prefix="decision"),
                "edit_form": forms.get("edit")
                or MeetingForm(
                    committee=meeting.committee,
                    prefix="reunion",
                    initial={
                        "day": local.date(),
                        "time": local.time(),
                        "duration_minutes": meeting.duration_minutes,
                        "place": meeting.place,
                        "video_link": meeting.video_link,
                        "chair": meeting.chair,
                        "chair_label": meeting.chair_label,
                    },
                ),
            }
        )
        context["interventions"] = [
            (i, answer_forms.get(i.pk) or AnswerForm(prefix=f"reponse-{i.pk}")) for i in interventions
        ]
        context["decisions"] = [
            (d, action_forms.get(d.pk) or DecisionActionForm(prefix=f"action-{d.pk}")) for d in decisions
        ]
    else:
        context["interventions"] = [(i, None) for i in interventions]
        context["decisions"] = [(d, None) for d in decisions]
    return render(request, "committees/meeting_detail.html", context, status=status)


@access(SCOPED)
def meeting_detail(request, code: str, meeting_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id)
    return _meeting_page(request, department, meeting)


@access(SCOPED)
@require_POST
def meeting_edit(request, code: str, meeting_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    form = MeetingForm(request.POST, committee=meeting.committee, prefix="reunion")
    if form.is_valid():
        try:
            services.update_meeting(actor=request.user, meeting=meeting, **form.meeting_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Réunion modifiée (les invités reçoivent la mise à jour si elle change).")
            return _back(meeting)
    return _meeting_page(request, department, meeting, forms={"edit": form}, status=400)


@access(SCOPED)
@require_POST
def meeting_invitations(request, code: str, meeting_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    try:
        sent = services.send_invitations(actor=request.user, meeting=meeting, resend=request.POST.get("resend") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(meeting, "invitations")
    messages.success(request, f"{sent} invitation(s) mise(s) en file d'envoi.")
    return _back(meeting, "invitations")


@access(SCOPED)
@require_POST
def meeting_cancel(request, code: str, meeting_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    sent = services.cancel_meeting(actor=request.user, meeting=meeting)
    messages.success(request, f"Réunion annulée ; {sent} annulation(s) mise(s) en file d'envoi.")
    return _back(meeting)


@access(SCOPED)
@require_POST
def agenda_item_add(request, code: str, meeting_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    form = AgendaItemForm(request.POST, prefix="point")
    if not form.is_valid():
        return _meeting_page(request, department, meeting, forms={"agenda": form}, status=400)
    services.add_agenda_item(actor=request.user, meeting=meeting, **form.cleaned_data)
    messages.success(request, "Point ajouté à l'ordre du jour.")
    return _back(meeting, "ordre-du-jour")


@access(SCOPED)
def agenda_item_edit(request, code: str, meeting_id: uuid.UUID, item_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    item = _agenda_item(meeting, item_id)
    initial = {"title": item.title, "section": item.section, "notes": item.notes, "position": item.position}
    form = AgendaItemForm(request.POST or None, initial=initial, with_position=True)
    if request.method == "POST" and form.is_valid():
        services.update_agenda_item(actor=request.user, item=item, **form.cleaned_data)
        messages.success(request, "Point modifié.")
        return _back(meeting, "ordre-du-jour")
    status = 400 if request.method == "POST" else 200
    context = {
        "title": f"Modifier un point — {meeting}",
        "department": department,
        "meeting": meeting,
        "item": item,
        "form": form,
    }
    return render(request, "committees/agenda_item_form.html", context, status=status)


def _agenda_item(meeting, item_id):
    item = meeting.agenda_items.filter(public_id=item_id).first()
    if item is None:
        raise Http404("Point introuvable.")
    return item


@access(SCOPED)
@require_POST
def agenda_item_delete(request, code: str, meeting_id: uuid.UUID, item_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    item = _agenda_item(meeting, item_id)
    services.delete_agenda_item(actor=request.user, item=item)
    messages.success(request, "Point retiré de l'ordre du jour.")
    return _back(meeting, "ordre-du-jour")


@access(SCOPED)
@require_POST
def attendance_record(request, code: str, meeting_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    if request.POST.get("prefill") == "1":
        written = services.prefill_attendance(actor=request.user, meeting=meeting)
        messages.success(request, f"Présences reprises des réponses ({written}).")
        return _back(meeting, "presences")
    form = AttendanceForm(request.POST, rows=services.attendance_grid(meeting), prefix="presence")
    if not form.is_valid():
        return _meeting_page(request, department, meeting, forms={"attendance": form}, status=400)
    services.record_attendance(actor=request.user, meeting=meeting, statuses=form.statuses())
    messages.success(request, "Présences enregistrées.")
    return _back(meeting, "presences")


@access(SCOPED)
@require_POST
def intervention_add(request, code: str, meeting_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    form = InterventionForm(request.POST, meeting=meeting, prefix="interv")
    if not form.is_valid():
        return _meeting_page(request, department, meeting, forms={"intervention": form}, status=400)
    services.add_intervention(actor=request.user, meeting=meeting, **form.cleaned_data)
    messages.success(request, "Intervention enregistrée.")
    return _back(meeting, "interventions")


def _intervention(meeting, intervention_id):
    intervention = meeting.interventions.filter(public_id=intervention_id).first()
    if intervention is None:
        raise Http404("Intervention introuvable.")
    return intervention


@access(SCOPED)
@require_POST
def intervention_answer_add(request, code: str, meeting_id: uuid.UUID, intervention_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    intervention = _intervention(meeting, intervention_id)
    form = AnswerForm(request.POST, prefix=f"reponse-{intervention.pk}")
    if not form.is_valid():
        forms = {"answer": form, "answer_for": intervention.pk}
        return _meeting_page(request, department, meeting, forms=forms, status=400)
    services.add_answer(actor=request.user, intervention=intervention, **form.cleaned_data)
    messages.success(request, "Réponse enregistrée.")
    return _back(meeting, "interventions")


@access(SCOPED)
@require_POST
def intervention_delete(request, code: str, meeting_id: uuid.UUID, intervention_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    services.delete_intervention(actor=request.user, intervention=_intervention(meeting, intervention_id))
    messages.success(request, "Intervention supprimée.")
    return _back(meeting, "interventions")


def _part_page(request, department, meeting, form, *, title: str, button: str, anchor: str):
    """The edit screen of a part of a meeting (an intervention, an answer, an opinion, a decision)."""
    context = {
        "title": f"{title} — {meeting}",
        "heading": title,
        "button": button,
        "anchor": anchor,
        "department": department,
        "meeting": meeting,
        "form": form,
    }
    return render(request, "committees/meeting_part_form.html", context, status=400 if form.is_bound else 200)


@access(SCOPED)
def intervention_edit(request, code: str, meeting_id: uuid.UUID, intervention_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    intervention = _intervention(meeting, intervention_id)
    initial = {
        name: getattr(intervention, name)
        for name in ("speaker_member", "speaker_label", "agenda_item", "topic_label", "text")
    }
    form = InterventionForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_intervention(actor=request.user, intervention=intervention, **form.cleaned_data)
        messages.success(request, "Intervention modifiée.")
        return _back(meeting, "interventions")
    return _part_page(
        request, department, meeting, form, title="Modifier une intervention", button="Enregistrer l'intervention",
        anchor="interventions",
    )  # fmt: skip


@access(SCOPED)
def intervention_answer_edit(
    request, code: str, meeting_id: uuid.UUID, intervention_id: uuid.UUID, answer_id: uuid.UUID
):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    answer = _intervention(meeting, intervention_id).answers.filter(public_id=answer_id).first()
    if answer is None:
        raise Http404("Réponse introuvable.")
    form = AnswerForm(request.POST or None, initial={"speaker": answer.speaker, "text": answer.text})
    if request.method == "POST" and form.is_valid():
        services.update_answer(actor=request.user, answer=answer, **form.cleaned_data)
        messages.success(request, "Réponse modifiée.")
        return _back(meeting, "interventions")
    return _part_page(
        request, department, meeting, form, title="Modifier une réponse de l'administration",
        button="Enregistrer la réponse", anchor="interventions",
    )  # fmt: skip


@access(SCOPED)
def opinion_edit(request, code: str, meeting_id: uuid.UUID, opinion_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    opinion = meeting.opinions.filter(public_id=opinion_id).first()
    if opinion is None:
        raise Http404("Avis introuvable.")
    initial = {
        "agenda_item": opinion.agenda_item,
        "topic": opinion.topic,
        "text": opinion.text,
        "template_versions": opinion.template_versions,
    }
    form = OpinionForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_opinion(
            actor=request.user,
            opinion=opinion,
            topic=data["topic"],
            text=data["text"],
            agenda_item=data["agenda_item"],
            template_versions=data["template_versions"].splitlines(),
        )
        messages.success(request, "Avis modifié.")
        return _back(meeting, "avis")
    return _part_page(
        request, department, meeting, form, title="Modifier un avis du comité", button="Enregistrer l'avis",
        anchor="avis",
    )  # fmt: skip


@access(SCOPED)
def decision_edit(request, code: str, meeting_id: uuid.UUID, decision_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    decision = meeting.decisions.filter(public_id=decision_id).first()
    if decision is None:
        raise Http404("Décision introuvable.")
    form = DecisionForm(request.POST or None, initial={"text": decision.text})
    if request.method == "POST" and form.is_valid():
        services.update_decision(actor=request.user, decision=decision, text=form.cleaned_data["text"])
        messages.success(request, "Décision modifiée.")
        return _back(meeting, "decisions")
    return _part_page(
        request, department, meeting, form, title="Modifier une décision", button="Enregistrer la décision",
        anchor="decisions",
    )  # fmt: skip


@access(SCOPED)
@require_POST
def opinion_add(request, code: str, meeting_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    form = OpinionForm(request.POST, meeting=meeting, prefix="avis")
    if not form.is_valid():
        return _meeting_page(request, department, meeting, forms={"opinion": form}, status=400)
    data = form.cleaned_data
    services.add_opinion(
        actor=request.user,
        meeting=meeting,
        topic=data["topic"],
        text=data["text"],
        agenda_item=data["agenda_item"],
        template_versions=data["template_versions"].splitlines(),
    )
    messages.success(request, "Avis enregistré.")
    return _back(meeting, "avis")


@access(SCOPED)
@require_POST
def decision_add(request, code: str, meeting_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    form = DecisionForm(request.POST, prefix="decision")
    if not form.is_valid():
        return _meeting_page(request, department, meeting, forms={"decision": form}, status=400)
    services.add_decision(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
    messages.success(request, "Décision enregistrée.")
    return _back(meeting, "decisions")


@access(SCOPED)
@require_POST
def decision_action(request, code: str, meeting_id: uuid.UUID, decision_id: uuid.UUID):
    department, meeting = _meeting(request, code, meeting_id, manage=True)
    decision = meeting.decisions.filter(public_id=decision_id).first()
    if decision is None:
        raise Http404("Décision introuvable.")
    form = DecisionActionForm(request.POST, prefix=f"action-{decision.pk}")
    if not form.is_valid():
        return _meeting_page(
            request, department, meeting, forms={"action": form, "action_for": decision.pk}, status=400
        )
    services.create_action_for_decision(actor=request.user, decision=decision, due_date=form.cleaned_data["due_date"])
    messages.success(request, "Action créée dans le plan d'action.")
    return _back(meeting, "decisions")


# ---- the members' answer (public, private link) --------------------------------------------------------------

ANY_POST_RATE = "60/h"
ANSWERS_RATE = "30/h"


def _answer_page(request, invitation, form, *, status=200, done=False):
    meeting = invitation.meeting
    department = meeting.committee.department
    local = timezone.localtime(meeting.starts_at, ZoneInfo(department.territory.time_zone))
    return render(
        request,
        "committees/invitation_answer.html",
        {
            "title": f"Votre réponse — {meeting.committee.name}",
            "invitation": invitation,
            "meeting": meeting,
            "department": department,
            "public_department": department,  # the prefecture's identity in the header
            "local_start": local,
            "agenda": list(meeting.agenda_items.order_by("position", "id")),
            "form": form,
            "done": done,
            "closed": meeting.is_cancelled or meeting.starts_at <= timezone.now(),
        },
        status=status,
    )


@access(PUBLIC)
@ratelimit(key="ip", rate=ANY_POST_RATE, method="POST", block=True, group="committee_answer_posts")
def invitation_answer(request, token: str):
    invitation = queries.invitation_by_token(token)
    if invitation is None:
        raise Http404("Invitation introuvable.")
    meeting = invitation.meeting
    closed = meeting.is_cancelled or meeting.starts_at <= timezone.now()
    initial = {
        "answer": invitation.answer,
        "representative_name": invitation.representative_name,
        "representative_function": invitation.representative_function,
    }
    form = RsvpForm(request.POST or None, initial=initial)
    if request.method == "POST" and not closed and form.is_valid():
        if is_robot(form):
            return _answer_page(request, invitation, RsvpForm(initial=initial), done=True)
        data = form.cleaned_data
        try:
            once(
                user=None,
                scope=f"form:committee_answer:{invitation.pk}",
                key=data["once"],
                content=form_content(data, without=("once",)),
                create=lambda: _record_answer(request, invitation, data),
            )
        except TooMany:
            form.add_error(None, "Trop de réponses envoyées depuis votre connexion : réessayez dans une heure.")
            return _answer_page(request, invitation, form, status=429)
        except KeyReused:
            form.add_error(None, "Cette réponse a déjà été envoyée : rechargez la page pour la modifier.")
            return _answer_page(request, invitation, form, status=409)
        invitation.refresh_from_db()
        return redirect("invitation_answer", token=invitation.token)
    status = 200
    if request.method == "POST":
        status = 409 if closed else 400
    return _answer_page(request, invitation, form, status=status, done=bool(invitation.answer))


class TooMany(Exception):
    pass


def _record_answer(request, invitation, data) -> Answer:
    if over_public_rate(request, group="committee_answers", rate=ANSWERS_RATE):
        raise TooMany
    services.answer_invitation(
        invitation=invitation,
        answer=data["answer"],
        representative_name=data["representative_name"] if data["answer"] == Rsvp.REPRESENTED else "",
        representative_function=data["representative_function"] if data["answer"] == Rsvp.REPRESENTED else "",
    )
    return Answer(200, {"invitation": str(invitation.public_id)})
