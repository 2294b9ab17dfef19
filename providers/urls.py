from django.urls import path

from providers import views

app_name = "providers"
urlpatterns = [
    path("", views.home, name="home"),
    path("aanbod/<id:pk>/plek/", views.availability_edit, name="availability"),
    path("aanbod/<id:pk>/correctie/", views.correction_propose_view, name="correction"),
    path("aanmeldingen/", views.referrals, name="referrals"),
    path("aanmeldingen/<id:pk>/", views.referral_detail, name="referral"),
]
