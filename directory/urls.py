from django.urls import path

from directory import views
from portal import converters  # noqa: F401 (registers <id:…>)

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("zoek-gemeente/", views.find, name="find"),
    path("gemeenten/", views.municipality_list, name="municipality_list"),
    path("gemeenten/kies/", views.choose, name="choose"),
    path("gemeenten/<slug:slug>/", views.municipality_detail, name="municipality"),
    path("gemeenten/<slug:slug>/afdrukken/", views.municipality_print, name="municipality_print"),
    path("gemeenten/<slug:slug>/folder.pdf", views.municipality_folder, name="municipality_folder"),
    path("gemeenten/<slug:slug>/volgen/", views.subscribe, name="subscribe"),
    path(
        "volgen/<uuid:token>/bevestigen/",
        views.subscription_confirm_view,
        name="subscription_confirm",
    ),
    path("volgen/<uuid:token>/afmelden/", views.subscription_leave_view, name="subscription_leave"),
    path("zoeken/", views.search, name="search"),
    path("begrippen/", views.glossary, name="glossary"),
    path("logeren/wil-niet-weg/", views.not_wanting_to_go, name="not_wanting_to_go"),
    path("aanbod/<id:pk>/", views.offer_detail, name="offer_short"),
    path("aanbod/<id:pk>/melden/", views.offer_feedback, name="offer_feedback"),
    path("aanbod/<id:pk>/<slug:slug>/", views.offer_detail, name="offer"),
]
