from django.urls import path

from insight import views

app_name = "insight"
urlpatterns = [
    path("", views.home, name="home"),
    path("provincie/<slug:slug>/", views.province_view, name="province"),
    path("provincie/<slug:slug>/dekking.csv", views.province_csv, name="province_csv"),
    path("<slug:slug>/", views.municipality_view, name="municipality"),
    path("<slug:slug>/dekking.csv", views.municipality_csv, name="municipality_csv"),
    path("<slug:slug>/vergelijking.csv", views.comparison_csv, name="comparison_csv"),
    path("<slug:slug>/vergelijking.svg", views.comparison_svg, name="comparison_svg"),
    path("<slug:slug>/vraag-en-aanbod/", views.demand_view, name="demand"),
    path("<slug:slug>/vraag-en-aanbod/aanvragen.csv", views.demand_csv, name="demand_csv"),
    path("<slug:slug>/vraag-en-aanbod/aanvragen.svg", views.demand_svg, name="demand_svg"),
    path("<slug:slug>/waarom-niet/", views.unused_view, name="unused"),
    path("<slug:slug>/waarom-niet/cijfers.csv", views.unused_csv, name="unused_csv"),
    path("<slug:slug>/waarom-niet/in-de-weg.svg", views.unused_svg, name="unused_svg"),
]
