"""The register's « suites données » became actions of the action plans (register 0015) without loss: each row is an
action of its department's plan for its year, with the register theme of that year as its origin, its text as title,
done as « réalisée » at 100 %, and who wrote it and when as its first history line; backward, every row comes back."""

import datetime as dt

import pytest

from tests.migrations import migrate_all_to_latest, migrate_app

BEFORE = ("register", "0014_request_event_attached")
AFTER = ("register", "0016_remove_follow_up_action")
WRITTEN_AT = dt.datetime(2022, 7, 4, 21, 30, tzinfo=dt.UTC)  # 23:30 in Paris: still 4 July
LATER_AT = dt.datetime(2023, 2, 1, 23, 30, tzinfo=dt.UTC)  # 00:30 on 2 February in Paris


@pytest.mark.django_db(transaction=True)
def test_follow_ups_become_plan_actions_with_their_origin_and_history_and_come_back():
    try:
        migrate_all_to_latest()  # whatever an earlier migration test left behind
        old = migrate_app(BEFORE)
        department = old.get_model("organisation", "Department").objects.create(
            code="41", name="Loir-et-Cher", population=1
        )
        other = old.get_model("organisation", "Department").objects.create(code="51", name="Marne", population=1)
        user = old.get_model("auth", "User").objects.create(username="referente")
        theme_model = old.get_model("register", "Theme")
        heating = theme_model.objects.create(department=department, name="Température du hall")
        staff = theme_model.objects.create(department=department, name="Manque d'agents")
        phone = theme_model.objects.create(department=other, name="Accueil téléphonique")
        rows = old.get_model("register", "FollowUpAction").objects
        a = rows.create(department=department, year=2022, theme=heating, text="Travaux de chauffage", created_by=user)
        b = rows.create(department=department, year=2022, theme=staff, text="Recrutement", done=True)
        c = rows.create(department=department, year=2023, theme=heating, text="Thermomètre affiché", created_by=user)
        d = rows.create(department=other, year=2022, theme=phone, text="Nouveau serveur vocal", done=True)
        rows.filter(pk__in=[a.pk, b.pk, d.pk]).update(created_at=WRITTEN_AT)
        rows.filter(pk=c.pk).update(created_at=LATER_AT)

        new = migrate_app(AFTER)
        actions = new.get_model("improvement", "Action").objects.select_related("theme__axis__plan__department")
        assert actions.count() == 4
        plans = new.get_model("improvement", "ActionPlan").objects
        assert sorted(plans.values_list("department__code", "year")) == [("41", 2022), ("41", 2023), ("51", 2022)]
        heating_works = actions.get(title="Travaux de chauffage")
        plan = heating_works.theme.axis.plan
        assert (plan.department.code, plan.year, plan.site_id) == ("41", 2022, None)
        assert heating_works.theme.axis.title == "Suites données aux demandes des usagers"
        assert heating_works.theme.title == "Température du hall"
        assert (heating_works.status, heating_works.progress, heating_works.created_by_id) == ("planned", 0, user.pk)
        assert (heating_works.opened_on, heating_works.created_at) == (dt.date(2022, 7, 4), WRITTEN_AT)
        assert (heating_works.origin_app, heating_works.origin_kind) == ("register", "complaint_theme")
        assert (heating_works.origin_public_id, heating_works.origin_year) == (str(heating.public_id), 2022)
        assert heating_works.origin_url == "/demandes/analyse/?annee=2022&departement=41"
        (event,) = heating_works.events.all()
        assert (event.field, event.after, event.actor_id, event.recorded_at, event.on) == (
            "created",
            "Travaux de chauffage",
            user.pk,
            WRITTEN_AT,
            dt.date(2022, 7, 4),
        )
        assert (event.progress, event.status) == (0, "planned")
        recruitment = actions.get(title="Recrutement")
        assert (recruitment.status, recruitment.progress, recruitment.created_by_id) == ("done", 100, None)
        assert recruitment.theme.axis == heating_works.theme.axis  # one axis per plan, one theme per register theme
        assert list(recruitment.events.values_list("progress", "status")) == [(100, "done")]
        thermometer = actions.get(title="Thermomètre affiché")
        assert (thermometer.theme.axis.plan.year, thermometer.opened_on) == (2023, dt.date(2023, 2, 2))

        back = migrate_app(BEFORE)
        restored = back.get_model("register", "FollowUpAction").objects.order_by("pk")
        assert [
            (r.department.code, r.year, r.theme_id, r.text, r.done, r.created_by_id, r.created_at) for r in restored
        ] == [
            ("41", 2022, heating.pk, "Travaux de chauffage", False, user.pk, WRITTEN_AT),
            ("41", 2022, staff.pk, "Recrutement", True, None, WRITTEN_AT),
            ("41", 2023, heating.pk, "Thermomètre affiché", False, user.pk, LATER_AT),
            ("51", 2022, phone.pk, "Nouveau serveur vocal", True, None, WRITTEN_AT),
        ]
        assert not back.get_model("improvement", "Action").objects.exists()
        assert not back.get_model("improvement", "ActionPlan").objects.exists()  # the plans it made, gone empty
    finally:  # back to the latest migrations for the next tests
        migrate_all_to_latest()
