"""Agent screens of the register. Access: SCOPED — each list and fetch goes through queries.visible_requests;
answering needs perms.can_answer (403 otherwise); creating needs a service the user may answer for."""

import datetime as dt
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from vigie.core.access import SCOPED, access
from vigie.core.calendar import WorkingCalendar
from vigie.core.idempotency import Answer, KeyReused, form_content, once
from vigie.core.spreadsheets import XLSX_CONTENT_TYPE, xlsx_response
from vigie.organisation.perms import is_national_admin, scope_for
from vigie.organisation.queries import scope_departments
from vigie.register.enums import Channel, Kind, Status
from vigie.register.models import Attachment, MessageTemplate, RequestExport, Theme
from vigie.register.requests import services
from vigie.register.requests.exports import HEADER, export_filename, export_rows, export_title, start_export
from vigie.register.requests.forms import (
    AssignForm,
    AttachmentUploadForm,
    HoldingReplyForm,
    ReopenForm,
    ReplyForm,
    RequestCreateForm,
)
from vigie.register.requests.messaging import messages_of, render_template, reply_templates_for, waiting_messages_for
from vigie.register.requests.perms import answerable_services, can_answer, unassigned_sites
from vigie.register.requests.queries import get_request_for_user
from vigie.register.requests.selection import TABS, select, selection_query

PAGE_SIZE = 50


@access(SCOPED)
def request_list(request):
    selection = select(request.user, request.GET)
    form, tab, days = selection.form, selection.tab, selection.days
    counts = selection.counts()  # one statement for the six tabs (and the whole selection on « all »)
    paginator = Paginator(  # the table's columns only, as dictionaries: no model built, no long text fetched
        selection.requests.order_by("due_date", "received_at", "pk").values(*LIST_COLUMNS), PAGE_SIZE
    )
    if tab in counts:
        paginator.count = counts[tab]  # counted above for the tab's label: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    page.pages_list = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    # e-mails to requesters not sent yet (few rows: a partial index on unsent messages): an operational warning,
    # shown only to those who can act on the mail server (administrators), not to every agent
    outbox = None
    if is_national_admin(request.user):
        waiting = waiting_messages_for(request.user)
        outbox = waiting.aggregate(
            count=Count("pk"), oldest=Min("created_at"), failed=Max("pk", filter=~Q(last_error=""))
        )  # one statement; the last error's text only when there is one
        failed = outbox.pop("failed")
        outbox["error"] = waiting.filter(pk=failed).values_list("last_error", flat=True).first() if failed else None
    active_filters = _active_filters(form)
    title = f"Demandes des usagers — {selection.label}"
    if active_filters:
        title += f", {_plural(len(active_filters), 'filtre', 'filtres')}"
    if page.number > 1:
        title += f", page {page.number} sur {paginator.num_pages}"
    manage_departments = scope_for(request.user).manage_departments
    return render(
        request,
        "register/request_list.html",
        {
            "title": title,
            "form": form,
            "active_filters": active_filters,
            "tabs": [(k, label, None if k == "all" else counts.get(k)) for k, label in TABS],
            "tab": tab,
            "tab_label": selection.label,
            "page_obj": page,
            "rows": _list_rows(page, days),
            "selection_query": selection_query(request.GET),
            "export_in_background": paginator.count > settings.VIGIE_EXPORT_SYNC_MAX_ROWS,
            "can_create": bool(answerable_services(request.user, selection.services)),
            "outbox": outbox,
            # the departments whose register the user configures (national admins go through the department page)
            "config_departments": [d for d in scope_departments(request.user) if d.pk in manage_departments],
        },
    )


LIST_COLUMNS = (
    "reference",
    "kind",
    "channel",
    "received_date",
    "due_date",
    "replied_at",
    "status",
    "subject",
    "department_id",
    "service__name",
)
KIND_LABELS, CHANNEL_LABELS, STATUS_LABELS = dict(Kind.choices), dict(Channel.choices), dict(Status.choices)


def _list_rows(page, days) -> list[dict]:
    """The page's rows as the table shows them, each value computed here once: a template reads dictionary keys
    much faster than it resolves model attributes, display methods, filters and {% url %} (issue 17)."""
    detail_url = reverse("request_detail", args=["REFERENCE"])  # references are letters, digits and dashes
    rows = []
    for r in page:
        today = days.get(r["department_id"], (timezone.localdate(),))[0]
        due = r["due_date"]
        rows.append(
            {
                "reference": r["reference"],
                "url": detail_url.replace("REFERENCE", quote(r["reference"])),
                "kind": KIND_LABELS.get(r["kind"], r["kind"]),
                "channel": CHANNEL_LABELS.get(r["channel"], r["channel"]),
                "received": f"{r['received_date']:%d/%m/%Y}",
                "due": f"{due:%d/%m/%Y}" if due else None,
                "is_late": bool(r["replied_at"] is None and r["status"] != Status.CLOSED and due and due < today),
                "service": r["service__name"] or "Non attribuée",
                "subject": r["subject"],
                "status": STATUS_LABELS.get(r["status"], r["status"]),
            }
        )
    return rows


def _active_filters(form) -> list[tuple[str, str]]:
    """(label, chosen value) of each filter in use, as the filter form shows them."""
    if not form.is_bound or not form.is_valid():
        return []
    return [
        (form[name].label, dict(form.fields[name].choices).get(value, value))
        for name, value in form.cleaned_data.items()
        if value
    ]


@access(SCOPED)
def request_export(request):
    """The selection of the list (same tab and filters, all pages) as a spreadsheet, without personal data
    (exports.py). Up to VIGIE_EXPORT_SYNC_MAX_ROWS rows the file comes at once; beyond, a page offers to have it
    built in the background (a GET never starts work)."""
    selection = select(request.user, request.GET)
    count = selection.requests.count()
    if count > settings.VIGIE_EXPORT_SYNC_MAX_ROWS:
        return render(
            request,
            "register/export_confirm.html",
            {
                "title": "Exporter une grande sélection",
                "label": selection.label,
                "count": count,
                "selection_query": selection_query(request.GET),
            },
        )
    return xlsx_response(
        title=export_title(selection.label),
        header=HEADER,
        rows=export_rows(selection.requests),
        filename=export_filename(selection.tab),
    )


@access(SCOPED)
@require_POST
def request_export_start(request):
    """Have the worker build the spreadsheet of a selection (any size); the user follows it on its page."""
    export = start_export(user=request.user, params=QueryDict(request.POST.get("selection", "")))
    return redirect("request_export_detail", export_id=export.public_id)


def _own_export(request, export_id) -> RequestExport:
    """An export is seen only by the user who asked for it (404 for anyone else, whatever their role)."""
    return get_object_or_404(RequestExport, public_id=export_id, requested_by=request.user)


@access(SCOPED)
def request_export_detail(request, export_id):
    """Progress of a background export, refreshed by htmx every 2 s until the file is ready (or failed)."""
    export = _own_export(request, export_id)
    finished = export.status in (RequestExport.State.DONE, RequestExport.State.FAILED)
    return render(
        request,
        "register/export_detail.html",
        {
            "title": f"Export «\u00a0{export.label}\u00a0»",
            "export": export,
            "finished": finished,
            # still waiting after 2 minutes: the worker is probably not running (say so rather than wait forever)
            "stalled": export.status == RequestExport.State.PENDING
            and timezone.now() - export.created_at > dt.timedelta(minutes=2),
            "retention_days": settings.VIGIE_EXPORT_RETENTION_DAYS,
        },
    )


@access(SCOPED)
def request_export_file(request, export_id):
    export = _own_export(request, export_id)
    if export.status != RequestExport.State.DONE or not export.file:
        raise Http404("Ce fichier n'est pas prêt.")
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export_filename(QueryDict(export.query).get("onglet", "late"), export.created_at.date()),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _form_errors_from(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@access(SCOPED)
def request_detail(request, reference: str):
    """The request, its history and attachments; for those who may answer, the forms of its actions, each posted to
    a view of its own below (reply, reply template, holding reply, attribution, close, reopen, attachments)."""
    user_request = get_request_for_user(request.user, reference)
    chosen = None
    if request.GET.get("modele") and can_answer(request.user, user_request):  # a link opening it with a template
        chosen = _template_of(user_request, request.GET["modele"])
    return _request_page(request, user_request, chosen=chosen)


def _template_of(user_request, pk: str):
    """The answer or holding-reply template `pk` among those that fit the request, or None."""
    fitting = [*reply_templates_for(user_request), *reply_templates_for(user_request, MessageTemplate.HOLDING)]
    return next((t for t in fitting if str(t.pk) == pk), None)


def _local_now_field(user_request) -> str:
    """Now, in the department's time zone, as the reply form's date-time field writes it."""
    zone = WorkingCalendar.for_department(user_request.department.code).time_zone
    return timezone.localtime(timezone=zone).strftime("%Y-%m-%dT%H:%M")


def _reopened(user_request) -> bool:
    """Answered, then reopened: a status before « answered » with a first reply (queries.REOPENED)."""
    return user_request.replied_at is not None and user_request.status not in (Status.ANSWERED, Status.CLOSED)


def _request_page(
    request,
    user_request,
    *,
    bound=None,
    chosen=None,
    template_notice: str = "",
    reply_initial=None,
    holding_initial=None,
):
    """The request page, with the form of the action just refused (`bound`: {action: form}) showing its errors.
    The reply form is offered while the request has no answer, and after a reopening (« Réponse complémentaire »):
    an answered request is not answered twice."""
    bound = bound or {}
    answerer = can_answer(request.user, user_request)
    closed = user_request.status == Status.CLOSED
    zone = WorkingCalendar.for_department(user_request.department.code).time_zone
    if reply_initial is None:
        reply_initial = {"replied_at": _local_now_field(user_request), "send_email": bool(user_request.requester_email)}
        if chosen is not None and chosen.purpose == MessageTemplate.ANSWER:
            reply_initial["text"] = render_template(chosen, user_request)[1]
    if holding_initial is None and chosen is not None and chosen.purpose == MessageTemplate.HOLDING:
        holding_initial = {"holding_text": render_template(chosen, user_request)[1]}
    forms = {
        action: bound.get(action)
        or _action_form(action, user_request, initial=holding_initial if action == "holding" else reply_initial)
        for action in ACTION_FORMS
    }
    has_errors = any(f.errors for f in forms.values())
    can_act = answerer and not closed
    reopened = _reopened(user_request)
    can_reply = can_act and (user_request.replied_at is None or reopened)
    return render(
        request,
        "register/request_detail.html",
        {
            "title": f"Demande {user_request.reference}",
            "r": user_request,
            "answerer": answerer,
            "form": forms["reply"] if can_reply else None,
            "reopened": reopened,
            "holding_form": forms["holding"] if can_act and user_request.replied_at is None else None,
            "assign_form": forms["assign"] if can_act else None,
            "reopen_form": forms["reopen"] if answerer and closed else None,
            "attach_form": forms["attach"] if can_act else None,
            "can_close": answerer
            and not closed
            and (user_request.replied_at is not None or user_request.due_date is None),
            "reply_templates": list(reply_templates_for(user_request)) if answerer else [],
            "holding_templates": list(reply_templates_for(user_request, MessageTemplate.HOLDING)) if answerer else [],
            "chosen_template": chosen,
            "template_notice": template_notice,
            "page_has_errors": has_errors,
            "themes": list(user_request.themes.all()),
            "attachments": list(user_request.attachments.all()),
            "events": list(user_request.events.select_related("actor")),
            "outbox": list(messages_of(user_request)) if answerer else [],
            "today": timezone.localtime(timezone=zone).date(),
        },
        status=400 if has_errors else 200,
    )


ACTION_FORMS = ("reply", "holding", "assign", "reopen", "attach")


def _action_form(action: str, user_request, *, data=None, files=None, initial=None):
    """The form of one action of the request page, bound to what was posted or not."""
    if action == "reply":
        return ReplyForm(data, initial=initial, can_email=bool(user_request.requester_email))
    if action == "holding":
        return HoldingReplyForm(data, initial=initial if initial and "holding_text" in initial else None)
    if action == "assign":
        themes = (
            Theme.objects.filter(department=user_request.department)
            .filter(Q(active=True) | Q(requests=user_request))
            .distinct()
        )
        return AssignForm(
            data,
            services=list(user_request.site.services.order_by("name")),
            themes=themes,
            initial={
                "service": str(user_request.service_id or ""),
                "kind": user_request.kind,
                "channel": user_request.channel,
                "themes": [t.name for t in user_request.themes.all()],
            },
            prefix="attribution",
        )
    if action == "reopen":
        return ReopenForm(data, prefix="reouverture")
    return AttachmentUploadForm(data, files)


def _request_to_answer(request, reference: str):
    """The request, for a user who may answer it: 404 outside the scope, 403 for the read-only roles."""
    user_request = get_request_for_user(request.user, reference)
    if not can_answer(request.user, user_request):
        raise PermissionDenied
    return user_request


def _action_view(action: str):
    """The POST view of one action of the request page: applied and back to the page, or the page with its errors."""

    @access(SCOPED)
    @require_POST
    def view(request, reference: str):
        user_request = _request_to_answer(request, reference)
        form = _action_form(action, user_request, data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                done = _apply_action(action, request.user, user_request, form.cleaned_data)
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                messages.success(request, done)
                return redirect("request_detail", reference=user_request.reference)
        return _request_page(request, user_request, bound={action: form})

    view.__name__ = view.__qualname__ = f"request_{action}"
    return view


request_reply = _action_view("reply")
request_holding_reply = _action_view("holding")
request_assign = _action_view("assign")
request_reopen = _action_view("reopen")
request_attach = _action_view("attach")


@access(SCOPED)
@require_POST
def request_close(request, reference: str):
    user_request = _request_to_answer(request, reference)
    try:
        services.close_request(actor=request.user, request=user_request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Demande {user_request.reference} close.")
    return redirect("request_detail", reference=user_request.reference)


@access(SCOPED)
@require_POST
def request_reply_template(request, reference: str):
    """« Utiliser ce modèle »: htmx swaps only the reply field; without JavaScript the whole page comes back. The
    other fields keep what the agent entered; text already typed is kept, the template goes after it."""
    user_request = _request_to_answer(request, reference)
    chosen = _template_of(user_request, request.POST.get("modele", ""))
    if chosen is not None and chosen.purpose == MessageTemplate.HOLDING:
        # a holding reply goes to the holding form: it tells the user to wait, it does not answer
        holding = {"holding_text": request.POST.get("holding_text", "")}
        text = render_template(chosen, user_request)[1]
        holding["holding_text"] = (holding["holding_text"].rstrip() + "\n\n" + text).strip()
        name = chosen.name or chosen.subject
        notice = f"Message d'attente «\u00a0{name}\u00a0» inséré\u00a0: il ne répond pas à la demande."
        return _request_page(request, user_request, chosen=chosen, template_notice=notice, holding_initial=holding)
    reply_initial = {
        "text": request.POST.get("text", ""),
        "replied_at": request.POST.get("replied_at") or _local_now_field(user_request),
        "send_email": "send_email" in request.POST,
    }
    notice = _insert_template(reply_initial, chosen, user_request)
    return _request_page(request, user_request, chosen=chosen, template_notice=notice, reply_initial=reply_initial)


def _insert_template(reply: dict, template, user_request) -> str:
    """Put the chosen reply template in the reply text: in an empty reply, or after the text already typed (never
    over it). Returns the sentence announced to the agent."""
    if template is None:
        return "Choisissez d'abord une réponse type dans la liste."
    text = render_template(template, user_request)[1]
    name = template.name or template.subject
    if reply["text"].strip():
        reply["text"] = reply["text"].rstrip() + "\n\n" + text
        return f"Réponse type «\u00a0{name}\u00a0» ajoutée à la suite du texte déjà saisi\u00a0: relisez la réponse."
    reply["text"] = text
    return f"Réponse type «\u00a0{name}\u00a0» insérée\u00a0: relisez-la avant d'enregistrer."


def _plural(count: int, singular: str, plural: str) -> str:
    """French: 0 and 1 take the singular."""
    return f"{count} {singular if count < 2 else plural}"


def _apply_action(action: str, user, user_request, data) -> str:
    """Run one action of the detail page; returns the success message."""
    if action == "reply":
        services.reply_to_request(
            actor=user,
            request=user_request,
            text=data["text"],
            replied_at=data["replied_at"].replace(tzinfo=None),
            send_email=data.get("send_email", False),
        )
        sent = " Elle part par courriel." if data.get("send_email") else ""
        return f"Réponse enregistrée pour la demande {user_request.reference}.{sent}"
    if action == "holding":
        services.record_holding_reply(actor=user, request=user_request, text=data["holding_text"], at=timezone.now())
        return "Message d'attente enregistré (l'échéance ne change pas)."
    if action == "assign":
        services.assign_request(
            actor=user,
            request=user_request,
            service=data["service"],
            kind=data["kind"],
            channel=data["channel"],
            themes=data["themes"],
        )
        return "Attribution et qualification enregistrées."
    if action == "reopen":
        services.reopen_request(actor=user, request=user_request, reason=data["reason"])
        return f"Demande {user_request.reference} rouverte."
    services.add_attachments(actor=user, request=user_request, files=data["attachments"])
    return _plural(len(data["attachments"]), "pièce jointe ajoutée", "pièces jointes ajoutées") + "."


@access(SCOPED)
def request_attachment(request, reference: str, attachment_id):
    """Download an attachment: same visibility as the request; the file name travels in a header, not the URL."""
    user_request = get_request_for_user(request.user, reference)
    attachment = get_object_or_404(Attachment, request=user_request, public_id=attachment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@access(SCOPED)
def request_create(request):
    allowed = answerable_services(request.user)
    if not allowed:
        raise PermissionDenied
    themes = (
        Theme.objects.filter(department__in={s.site.department_id for s in allowed}, active=True)
        .select_related("department")
        .order_by("department__code", "name")
    )
    sites = unassigned_sites(request.user, allowed)
    form = RequestCreateForm(
        request.POST or None, request.FILES or None, services=allowed, sites=sites, themes=list(themes)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            answer, replayed = once(
                user=request.user,
                scope="form:request_create",
                key=data["once"],
                content=form_content(data, without=("once",)),
                create=lambda: _create_from_form(request.user, data),
            )
        except ValidationError as exc:
            _form_errors_from(form, exc)
        except KeyReused:
            form.add_error(None, SENT_WITH_OTHER_CONTENT)
            status = 409
        else:
            created = answer.body
            due = f"\u202f; échéance le {created['due']}" if created["due"] else ""
            again = " (formulaire envoyé deux fois\u202f: rien de plus n'a été créé)" if replayed else ""
            messages.success(request, f"Demande {created['reference']} enregistrée{due}.{again}")
            return redirect("request_detail", reference=created["reference"])
    return render(
        request,
        "register/request_form.html",
        {"title": "Enregistrer une demande", "form": form},
        status=400 if form.errors and status == 200 else status,
    )


SENT_WITH_OTHER_CONTENT = (
    "Ce formulaire a déjà servi à enregistrer une demande, avec un autre contenu\u202f: pour une nouvelle demande, "
    "ouvrez de nouveau la page « Enregistrer une demande »."
)


def _create_from_form(user, data) -> Answer:
    created = services.create_request(
        actor=user,
        site=data["site"],
        service=data["service"],
        kind=data["kind"],
        channel=data["channel"],
        received_at=data["received_at"].replace(tzinfo=None),
        subject=data["subject"],
        text=data["text"],
        themes=data["themes"],
        requester={
            "name": data["requester_name"],
            "email": data["requester_email"],
            "phone": data["requester_phone"],
            "address": data["requester_address"],
        },
        attachments=data["attachments"],
    )
    due = f"{created.due_date:%d/%m/%Y}" if created.due_date else None
    return Answer(201, {"reference": created.reference, "due": due})
