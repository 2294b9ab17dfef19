from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("beheer/django/", admin.site.urls),
    path("", include("directory.urls")),
]
