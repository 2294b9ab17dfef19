from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from directory.hsds.api import api as hsds_api
from directory.views import hsds_schema
from portal import (
    converters,  # noqa: F401 (registers <id:…>)
    views,
)
from referrers import views as referrer_views

# Django admin: superusers only, and its login goes through allauth (password + MFA).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("beheer/django/", admin.site.urls),
    path("account/", include("allauth.urls")),
    path("beheer/medewerkers/", include("accounts.urls")),
    path("beheer/werkbak/", include("referrers.werkbak")),
    path("beheer/werkbak/", include("respite.werkbak.urls")),
    # Beheer pages of the apps above directory, for the data each owns.
    path("beheer/", include("providers.beheer")),
    path("beheer/", include("referrers.beheer")),
    path("beheer/", include("directory.beheer.urls")),
    path("verwijzer/", include("referrers.urls")),
    path(
        "mijn-aanvragen/<str:reference>/toestemming-intrekken/",
        referrer_views.caregiver_withdraw,
        name="referrer_consent_withdraw",
    ),
    path("aanbieder/", include("providers.urls")),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    # Browsers ask for /favicon.ico on their own; the page names the hashed file too.
    path("favicon.ico", views.favicon),
    path("taal/<str:code>/", views.choose_language, name="choose_language"),
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
