from django.urls import path

from referrers import views

app_name = "referrers"
urlpatterns = [
    path("", views.home, name="home"),
    path("nieuw/", views.start, name="start"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/toestemming/", views.consent, name="consent"),
    path("<uuid:pk>/wijzigen/", views.change, name="change"),
    path("<uuid:pk>/weggooien/", views.discard, name="discard"),
    path("<uuid:pk>/brief.pdf", views.letter, name="letter"),
]
