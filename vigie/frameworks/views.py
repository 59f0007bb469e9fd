from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from vigie.core.access import AUTHENTICATED, NATIONAL_ADMIN, SCOPED, access
from vigie.core.yamlfile import FileRejected
from vigie.organisation.perms import can_manage_department, scope_for
from vigie.organisation.queries import get_department_for_user, get_site_for_user, visible_departments

from . import services
from .forms import FrameworkUploadForm, LabellingScopeForm, LocalIndicatorForm, WordingForm
from .loader import apply_framework, parse_framework, preview_framework
from .models import Indicator
from .queries import framework_tree, frameworks_with_current_version, indicators_for_department
from .wording import source_file_of, with_wording


@access(AUTHENTICATED)
def framework_list(request):
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "title": "Référentiels",
            "frameworks": frameworks_with_current_version(),
            "can_upload": _can_upload(request.user),
        },
    )


@access(AUTHENTICATED)
def framework_detail(request, code: str):
    version = framework_tree(code, request.GET.get("version"))
    if version is None:
        raise Http404("Référentiel introuvable.")
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "title": version.framework.name,
            "version": version,
            "other_versions": version.framework.versions.exclude(pk=version.pk).order_by("-created_at"),
        },
    )


@access(AUTHENTICATED)
def indicator_list(request):
    departments = list(visible_departments(request.user)[:2])
    department = departments[0] if len(departments) == 1 else None
    indicators = indicators_for_department(department.pk if department else None).select_related("department")
    return render(
        request,
        "frameworks/indicator_list.html",
        {
            "title": "Catalogue des indicateurs",
            "indicators": indicators,
            "department": department,
            "can_add_local": department is not None and can_manage_department(request.user, department),
        },
    )


@access(AUTHENTICATED)
def indicator_detail(request, code: str):
    indicator = Indicator.objects.filter(department=None, code=code).first()
    if indicator is None:
        raise Http404("Indicateur introuvable.")
    commitments = (
        indicator.commitments.filter(module__version__is_current=True)
        .select_related("module__version__framework")
        .order_by("module__version__framework__code", "module__number", "position")
    )
    return render(
        request,
        "frameworks/indicator_detail.html",
        {
            "title": indicator.name,
            "indicator": indicator,
            "commitments": commitments,
        },
    )


@access(SCOPED)
def local_indicator_create(request, code: str):
    department = get_department_for_user(request.user, code)
    if not can_manage_department(request.user, department):
        raise PermissionDenied
    form = LocalIndicatorForm(request.POST or None, department=department)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_local_indicator(
            actor=request.user,
            department=department,
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            numerator=data["numerator"],
            denominator=data["denominator"],
            unit=data["unit"],
            periodicity=data["periodicity"],
            aggregation=data["aggregation"],
            target_value=data["target_value"],
            target_direction=data["target_direction"],
            definition=data["definition"],
            numerator_le_denominator=data["kind"] == "rate",
        )
        messages.success(request, f"Indicateur local {data['code']} créé.")
        return redirect("indicator_list")
    return render(
        request,
        "frameworks/local_indicator_form.html",
        {
            "title": "Nouvel indicateur local",
            "department": department,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@access(SCOPED)
def labelling_scope_create(request, code: str, site_code: str):
    site = get_site_for_user(request.user, code, site_code)
    if not can_manage_department(request.user, site.department):
        raise PermissionDenied
    form = LabellingScopeForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        services.set_labelling_scope(actor=request.user, site=site, **form.cleaned_data)
        messages.success(request, "Périmètre de labellisation enregistré.")
        return redirect("site_detail", code=site.department.code, site_code=site.code)
    return render(
        request,
        "frameworks/labelling_scope_form.html",
        {
            "title": "Périmètre de labellisation",
            "site": site,
            "department": site.department,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _can_upload(user) -> bool:
    scope = scope_for(user)
    return scope.national or bool(scope.manage_departments)


@access(AUTHENTICATED)
def framework_upload(request):
    """Load a corrected or newer framework version: upload, preview of the changes, then confirm."""
    if not _can_upload(request.user):
        raise PermissionDenied
    known = set(Indicator.objects.filter(department=None).values_list("code", flat=True))
    form = FrameworkUploadForm(request.POST or None, request.FILES or None)
    preview = errors = None
    if request.method == "POST" and "confirm" in request.POST:
        content = request.session.pop("framework_upload", None)
        if content is None:
            messages.error(request, "Le fichier à charger a expiré : déposez-le à nouveau.")
            return redirect("framework_upload")
        try:
            version = apply_framework(parse_framework(content.encode(), "upload.yaml", known))
        except FileRejected as exc:
            errors = exc.errors
        else:
            if version:
                messages.success(request, f"{version} chargée et mise en vigueur.")
            return redirect("framework_list")
    elif request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            preview = preview_framework(parse_framework(content, form.cleaned_data["file"].name, known))
        except FileRejected as exc:
            errors = exc.errors
        else:
            if preview.can_load:
                request.session["framework_upload"] = content.decode()
    return render(
        request,
        "frameworks/framework_upload.html",
        {
            "title": "Charger une version de référentiel",
            "form": form,
            "preview": preview,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@access(NATIONAL_ADMIN)
def framework_wording(request, code: str):
    """Complete the official wording of the commitments still incomplete, as a new version of the framework: the
    same preview as an uploaded file, then « Mettre cette version en vigueur » (framework_upload)."""
    version = framework_tree(code)
    if version is None:
        raise Http404("Référentiel introuvable.")
    content = source_file_of(version)
    commitments = [c for m in version.modules.all() for c in m.commitments.all() if c.is_wording_incomplete]
    form = WordingForm(request.POST or None, commitments=commitments, initial={"version": f"{version.version}.1"})
    preview = errors = None
    if request.method == "POST" and content is not None and form.is_valid():
        new = with_wording(
            content, version=form.cleaned_data["version"], wording=form.wording(), source=form.cleaned_data["source"]
        )
        known = set(Indicator.objects.filter(department=None).values_list("code", flat=True))
        try:
            preview = preview_framework(parse_framework(new, f"{code}.yaml", known))
        except FileRejected as exc:
            errors = exc.errors
        else:
            if preview.can_load:
                request.session["framework_upload"] = new.decode()
            return render(
                request,
                "frameworks/framework_upload.html",
                {
                    "title": f"Aperçu : {version.framework.name} {preview.spec.version}",
                    "form": FrameworkUploadForm(),
                    "preview": preview,
                    "errors": None,
                },
            )
    return render(
        request,
        "frameworks/framework_wording.html",
        {
            "title": f"Compléter les libellés officiels — {version.framework.name}",
            "version": version,
            "form": form,
            "has_source": content is not None,
            "errors": errors,
        },
        status=400 if form.errors or errors else 200,
    )
