"""The audit report: a tagged PDF (PDF/UA-1, WeasyPrint) listing the findings, the strong points and the progress
paths with their corrective actions. Rendered from a template, like the screens."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from weasyprint import HTML

from .queries import AuditView


def audit_report_pdf(view: AuditView, *, today: dt.date) -> bytes:
    html = render_to_string("audits/report.html", {"view": view, "audit": view.audit, "today": today})
    # pdf/ua-1 tags the structure (headings, tables, lists) and sets the language and title for screen readers
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
