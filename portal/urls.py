from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from directory import converters  # noqa: F401 (registers <id:…>)
from directory.api import api as hsds_api
from directory.views import hsds_schema
from portal import views
from providers import views as provider_views

# Django admin: superusers only, and its login goes through allauth (password + MFA).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("beheer/django/", admin.site.urls),
    path("account/", include("allauth.urls")),
    path("beheer/medewerkers/", include("accounts.urls")),
    path("beheer/werkbak/", include("respite.werkbak_urls")),
    path(
        "beheer/aanbieders/<id:pk>/medewerker-uitnodigen/",
        provider_views.member_invite_view,
        name="provider_member_invite",
    ),
    path(
        "beheer/voorstellen/<id:pk>/", provider_views.correction_review, name="provider_correction"
    ),
    path("beheer/", include("directory.beheer_urls")),
    path("aanbieder/", include("providers.urls")),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    # Browsers ask for /favicon.ico on their own; the page names the hashed file too.
    path("favicon.ico", views.favicon),
    path("gezond/", views.health, name="health"),
    path("gezond/klaar/", views.ready, name="ready"),
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="accessibility_statement.html"),
        name="accessibility",
    ),
    path("open-data/", TemplateView.as_view(template_name="open_data.html"), name="open_data"),
    path("inzicht/", include("insight.urls")),
    path("api/hsds/schema/<slug:name>.json", hsds_schema, name="hsds_schema"),
    path("api/hsds/", hsds_api.urls),
    path("", include("selfcheck.urls")),
    path("", include("respite.urls")),
    path("", include("directory.urls")),
]

handler500 = "portal.views.server_error"
