from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from portal import views

urlpatterns = [
    path("beheer/django/", admin.site.urls),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="accessibility_statement.html"),
        name="accessibility",
    ),
    path("", include("directory.urls")),
]
