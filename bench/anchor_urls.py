"""Bench-only URLs (bench/issue17_http.py): Vigie's, plus `POST /bench/anchor/requests`, a bare Django view doing the
insert of `POST /api/v1/requests` (the same fields, the reference counter upserted in one statement, the request and
its history row, one transaction), as bench/issue17_writes.py's anchor_create. No authentication, no validation
beyond the JSON parse, no acknowledgement, no indicator cell: what a plain view would do."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from vigie.organisation.models import Service, Site
from vigie.register.models import RequestEvent, UserRequest
from vigie.urls import urlpatterns as vigie_urlpatterns

# the deadline of a complaint by e-mail (5 working days) and its due date for a request received on 3 June 2026:
# constants of the bench, checked equal to Vigie's before timing (issue17_http.py)
DEADLINE_DAYS = 5
DUE_DATE = dt.date(2026, 6, 10)
PARIS = ZoneInfo("Europe/Paris")  # the bench's department (01) is in metropolitan France


@csrf_exempt
def anchor_create(request):
    body = json.loads(request.body)
    site = Site.objects.select_related("department").get(code=body["site"])
    service = Service.objects.get(site=site, code=body["service"])
    received_at = dt.datetime.fromisoformat(body["received_at"]).replace(tzinfo=PARIS)
    year = received_at.year
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO register_referencecounter (department_id, year, last) VALUES (%s, %s, 1) "
                "ON CONFLICT (department_id, year) DO UPDATE SET last = register_referencecounter.last + 1 "
                "RETURNING last",
                [site.department_id, year],
            )
            (last,) = cursor.fetchone()
        created = UserRequest.objects.create(
            department=site.department,
            reference=f"{site.department.code}-{year}-{last:06d}",
            kind=body["kind"],
            channel=body["channel"],
            received_at=received_at,
            received_date=received_at.date(),
            site=site,
            service=service,
            subject=body["subject"],
            text=body["text"],
            requester_name=body["requester"]["name"],
            requester_email=body["requester"]["email"],
            status="assigned",
            deadline_days=DEADLINE_DAYS,
            due_date=DUE_DATE,
        )
        RequestEvent.objects.create(request=created, action="created", detail="Canal : Courriel")
    return JsonResponse({"reference": created.reference}, status=201)


urlpatterns = [path("bench/anchor/requests", anchor_create), *vigie_urlpatterns]
