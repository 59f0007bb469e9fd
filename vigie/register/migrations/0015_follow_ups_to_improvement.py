"""The « suites données » become actions of the action plans (improvement), without loss: each row is an action of
its department's plan for its year (created if there is none), under the axis « Suites données aux demandes des
usagers » and a theme named after the register's theme, with that theme of that year as its origin. The text is the
title; done is the status « done » at 100 %; who wrote it and when are the action's first history line. Backward,
every such action comes back as a row (then leaves the plan; plans, axes and themes left empty are removed)."""

import uuid
import zoneinfo

from django.conf import settings
from django.db import migrations
from django.db.models import Max

AXIS = "Suites données aux demandes des usagers"
ANALYSIS_URL = "/demandes/analyse/"


def _local_date(moment):
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


def forward(apps, schema_editor):
    follow_ups = apps.get_model("register", "FollowUpAction")
    plans = apps.get_model("improvement", "ActionPlan")
    axes = apps.get_model("improvement", "Axis")
    themes = apps.get_model("improvement", "Theme")
    actions = apps.get_model("improvement", "Action")
    events = apps.get_model("improvement", "ActionEvent")
    for row in follow_ups.objects.select_related("department", "theme").order_by("pk"):
        department = row.department
        plan = plans.objects.filter(department=department, site=None, year=row.year).first()
        if plan is None:
            plan = plans.objects.create(
                department=department,
                year=row.year,
                title=f"Plan d'action {row.year} — {department.name}",
                rule="themes",
                public_id=uuid.uuid4(),
            )
        axis = axes.objects.filter(plan=plan, title=AXIS).first()
        if axis is None:
            position = (axes.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0) + 1
            axis = axes.objects.create(plan=plan, title=AXIS, position=position, public_id=uuid.uuid4())
        theme = themes.objects.filter(axis=axis, title=row.theme.name).first()
        if theme is None:
            position = (themes.objects.filter(axis=axis).aggregate(m=Max("position"))["m"] or 0) + 1
            theme = themes.objects.create(axis=axis, title=row.theme.name, position=position, public_id=uuid.uuid4())
        opened_on = _local_date(row.created_at)
        position = (actions.objects.filter(theme=theme).aggregate(m=Max("position"))["m"] or 0) + 1
        status, progress = ("done", 100) if row.done else ("planned", 0)
        action = actions.objects.create(
            theme=theme,
            position=position,
            title=row.text,
            opened_on=opened_on,
            status=status,
            progress=progress,
            created_by_id=row.created_by_id,
            origin_app="register",
            origin_kind="complaint_theme",
            origin_public_id=str(row.theme.public_id),
            origin_label=f"Demandes des usagers {row.year}, thème « {row.theme.name} »",
            origin_url=f"{ANALYSIS_URL}?annee={row.year}&departement={department.code}",
            origin_year=row.year,
            public_id=uuid.uuid4(),
        )
        actions.objects.filter(pk=action.pk).update(created_at=row.created_at)  # auto_now_add set it to now
        events.objects.create(
            action=action,
            on=opened_on,
            recorded_at=row.created_at,
            actor_id=row.created_by_id,
            field="created",
            after=row.text,
            comment="Suite donnée reprise du registre",
            progress=progress,
            status=status,
        )
        row.delete()  # moved: 0016 drops the emptied table


def backward(apps, schema_editor):
    follow_ups = apps.get_model("register", "FollowUpAction")
    register_themes = apps.get_model("register", "Theme")
    actions = apps.get_model("improvement", "Action")
    events = apps.get_model("improvement", "ActionEvent")
    # the columns this migration knows, by name: an improvement migration without dependency on this one (a later
    # column of Action) may be unapplied before it when going back, and a whole-row read would ask for that column
    raised = actions.objects.filter(origin_app="register", origin_kind="complaint_theme").values(
        "pk",
        "title",
        "status",
        "origin_public_id",
        "origin_year",
        "created_by_id",
        "created_at",
        "theme__axis__plan_id",
        "theme__axis__plan__department_id",
        "theme__axis__plan__year",
    )
    touched_plans = set()
    for action in raised.order_by("pk"):
        theme = register_themes.objects.filter(public_id=action["origin_public_id"]).first()
        if theme is None:
            continue
        created = (
            events.objects.filter(action_id=action["pk"], field="created")
            .order_by("pk")
            .only("actor_id", "recorded_at")
            .first()
        )
        row = follow_ups.objects.create(
            department_id=action["theme__axis__plan__department_id"],
            year=action["origin_year"] or action["theme__axis__plan__year"],
            theme=theme,
            text=action["title"][:500],
            done=action["status"] == "done",
            created_by_id=created.actor_id if created else action["created_by_id"],
        )
        follow_ups.objects.filter(pk=row.pk).update(created_at=created.recorded_at if created else action["created_at"])
        touched_plans.add(action["theme__axis__plan_id"])
        actions.objects.filter(pk=action["pk"]).only("pk").delete()
    themes = apps.get_model("improvement", "Theme")
    axes = apps.get_model("improvement", "Axis")
    plans = apps.get_model("improvement", "ActionPlan")
    themes.objects.filter(axis__plan_id__in=touched_plans, axis__title=AXIS, actions=None).delete()
    axes.objects.filter(plan_id__in=touched_plans, title=AXIS, themes=None).delete()
    plans.objects.filter(pk__in=touched_plans, axes=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0014_request_event_attached"),
        ("improvement", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
