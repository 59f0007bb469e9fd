"""Bench-only URLconf (bench/issue17_list.py): Vigie's URLs plus the list's bare anchor, a plain Django view that
runs the page's two statements (the 50 rows, the tab counts) and renders them in a plain template. It goes through
the same middleware, session and authentication as Vigie's list; nothing of Vigie's own code runs in it."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from issue17_list import list_anchor

from vigie.urls import urlpatterns as vigie_urlpatterns

TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Demandes</title></head><body>
<h1>Demandes des usagers</h1>
<ul>{% for label, count in tabs %}<li>{{ label }} ({{ count }})</li>{% endfor %}</ul>
<table><caption>Toutes — {{ total }} demandes</caption>
<thead><tr><th>Référence</th><th>Objet</th><th>Reçue le</th><th>Échéance</th><th>Statut</th><th>Site</th>
<th>Service</th></tr></thead>
<tbody>{% for reference, subject, received, due, status, site, service, replied in rows %}
<tr><td><a href="/demandes/{{ reference }}/">{{ reference }}</a></td><td>{{ subject }}</td>
<td>{{ received|date:"d/m/Y" }}</td><td>{{ due|date:"d/m/Y" }}</td><td>{{ status }}</td><td>{{ site }}</td>
<td>{{ service|default:"Non attribuée" }}</td></tr>{% endfor %}</tbody></table></body></html>"""
)
LABELS = ["En retard", "Échéance aujourd'hui", "Échéance proche", "Non attribuées", "Rouvertes", "Toutes les ouvertes"]


@login_required  # as any page of the register: the session and the user are read
def bare_list(request):
    rows, counts = list_anchor(
        int(request.GET["service"]),
        dt.date.fromisoformat(request.GET["today"]),
        dt.date.fromisoformat(request.GET["soon"]),
    )
    context = {"rows": rows, "total": counts[0], "tabs": [*zip(LABELS, counts[1:], strict=True), ("Toutes", counts[0])]}
    return HttpResponse(TEMPLATE.render(context, request))


urlpatterns = [*vigie_urlpatterns, path("bench/liste-nue/", bare_list)]
