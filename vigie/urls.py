from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from vigie.api import api
from vigie.core import views as core_views
from vigie.core.access import PUBLIC, access
from vigie.frameworks import views as framework_views
from vigie.home import views as home_views
from vigie.organisation import views as org_views
from vigie.organisation.forms_auth import LoginForm

login_view = access(PUBLIC)(
    auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=LoginForm,
        extra_context={"title": "Connexion"},
        redirect_authenticated_user=True,
    )
)
logout_view = access(PUBLIC)(auth_views.LogoutView.as_view())

urlpatterns = [
    path("", home_views.home, name="home"),
    path("connexion/", login_view, name="login"),
    path("deconnexion/", logout_view, name="logout"),
    path("accessibilite/", core_views.accessibility, name="accessibility"),
    path("referentiels/", framework_views.framework_list, name="framework_list"),
    path("referentiels/charger/", framework_views.framework_upload, name="framework_upload"),
    path("referentiels/<slug:code>/", framework_views.framework_detail, name="framework_detail"),
    path("referentiels/<slug:code>/libelles/", framework_views.framework_wording, name="framework_wording"),
    path("indicateurs/", framework_views.indicator_list, name="indicator_list"),
    path("indicateurs/<str:code>/", framework_views.indicator_detail, name="indicator_detail"),
    path("departements/<str:code>/", org_views.department_detail, name="department_detail"),
    path(
        "departements/<str:code>/indicateurs-locaux/nouveau/",
        framework_views.local_indicator_create,
        name="local_indicator_create",
    ),
    path("departements/<str:code>/sites/<slug:site_code>/", org_views.site_detail, name="site_detail"),
    path(
        "departements/<str:code>/sites/<slug:site_code>/fermetures/",
        org_views.closure_add,
        name="closure_add",
    ),
    path(
        "departements/<str:code>/sites/<slug:site_code>/fermetures/<uuid:closure_id>/supprimer/",
        org_views.closure_delete,
        name="closure_delete",
    ),
    path(
        "departements/<str:code>/sites/<slug:site_code>/perimetre/",
        framework_views.labelling_scope_create,
        name="labelling_scope_create",
    ),
    path("", include("vigie.indicators.urls")),
    path("", include("vigie.register.urls")),
    path("", include("vigie.register.config.urls")),
    path("", include("vigie.improvement.urls")),
    path("", include("vigie.audits.urls")),
    path("", include("vigie.committees.urls")),
    path("", include("vigie.consolidation.urls")),
    path("", include("vigie.surveys.urls")),
    path("", include("vigie.documents.urls")),
    path("", include("vigie.people.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.PROCONNECT_ENABLED:  # ProConnect single sign-on; callback URL to register: /oidc/callback/
    from vigie.organisation.oidc import oidc_urlpatterns

    urlpatterns.append(path("oidc/", include(oidc_urlpatterns())))

handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
