from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("uitnodigen/", views.staff_invite_view, name="staff_invite"),
    path("mijn-gegevens/", views.my_profile, name="my_profile"),
    path("taken/", views.failed_tasks, name="failed_tasks"),
    path("taken/<uuid:pk>/opnieuw/", views.retry_task, name="retry_task"),
]
