from django.urls import path

from directory import converters, views  # noqa: F401 (registers <id:…>)

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("zoek-gemeente/", views.find, name="find"),
    path("gemeenten/", views.municipality_list, name="municipality_list"),
    path("gemeenten/kies/", views.choose, name="choose"),
    path("gemeenten/<slug:slug>/", views.municipality_detail, name="municipality"),
    path("gemeenten/<slug:slug>/afdrukken/", views.municipality_print, name="municipality_print"),
    path("zoeken/", views.search, name="search"),
    path("begrippen/", views.glossary, name="glossary"),
    path("aanbod/<id:pk>/", views.offer_detail, name="offer_short"),
    path("aanbod/<id:pk>/melden/", views.offer_feedback, name="offer_feedback"),
    path("aanbod/<id:pk>/<slug:slug>/", views.offer_detail, name="offer"),
]
