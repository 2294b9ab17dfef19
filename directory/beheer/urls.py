from django.urls import path

from directory.beheer import views
from portal import converters  # noqa: F401 (registers <id:…>)

app_name = "beheer"
urlpatterns = [
    path("voorstellen/<id:pk>/", views.correction_review, name="correction"),
    path("", views.home, name="home"),
    path("gemeente/<slug:slug>/", views.dashboard, name="dashboard"),
    path("gemeente/<slug:slug>/wmo-loket/", views.loket_edit, name="loket_edit"),
    path("gemeente/<slug:slug>/folder/", views.folder, name="folder"),
    path("gemeente/<slug:slug>/brieven/", views.letters, name="letters"),
    path("gemeente/<slug:slug>/nieuw/", views.offer_create, name="offer_create"),
    path("gemeente/<slug:slug>/meldingen/", views.feedback_list, name="feedback_list"),
    path("gemeente/<slug:slug>/export.csv", views.catalogue_export, name="catalogue_export"),
    path("gemeente/<slug:slug>/import/", views.catalogue_import_view, name="catalogue_import"),
    path("gemeente/<slug:slug>/import/<uuid:pk>/", views.import_status, name="import_status"),
    path(
        "gemeente/<slug:slug>/import-hsds/",
        views.catalogue_import_hsds,
        name="catalogue_import_hsds",
    ),
    path("gemeente/<slug:slug>/aanbieders/", views.provider_list, name="provider_list"),
    path("gemeente/<slug:slug>/aanbieders/nieuw/", views.provider_form, name="provider_create"),
    path("aanbieders/<id:pk>/", views.provider_form, name="provider_edit"),
    path(
        "aanbieders/<id:provider_pk>/locaties/nieuw/", views.location_form, name="location_create"
    ),
    path("locaties/<id:pk>/", views.location_form, name="location_edit"),
    path("aanbod/<id:pk>/", views.offer_edit, name="offer_edit"),
    path("aanbod/<id:pk>/publiceren/", views.offer_publish, name="offer_publish"),
    path("aanbod/<id:pk>/archiveren/", views.offer_archive, name="offer_archive"),
    path("aanbod/<id:pk>/gecontroleerd/", views.offer_verify_view, name="offer_verify"),
    path("aanbod/<id:pk>/kopieren/", views.offer_duplicate_view, name="offer_duplicate"),
    path("aanbod/<id:pk>/geschiedenis/", views.offer_history, name="offer_history"),
    path("meldingen/<id:pk>/afgehandeld/", views.feedback_handled, name="feedback_handled"),
]
