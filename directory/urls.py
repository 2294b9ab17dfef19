from django.urls import path, register_converter

from directory import views


class IdConverter:
    """Like <int:…> but bounded, so an absurdly long number is a 404, not a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("zoek-gemeente/", views.find, name="find"),
    path("gemeenten/", views.municipality_list, name="municipality_list"),
    path("gemeenten/kies/", views.choose, name="choose"),
    path("gemeenten/<slug:slug>/", views.municipality_detail, name="municipality"),
    path("gemeenten/<slug:slug>/afdrukken/", views.municipality_print, name="municipality_print"),
    path("zoeken/", views.search, name="search"),
    path("aanbod/<id:pk>/", views.offer_detail, name="offer_short"),
    path("aanbod/<id:pk>/<slug:slug>/", views.offer_detail, name="offer"),
]
