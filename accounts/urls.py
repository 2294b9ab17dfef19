from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("uitnodigen/", views.staff_invite_view, name="staff_invite"),
    path("mijn-gegevens/", views.my_profile, name="my_profile"),
]
