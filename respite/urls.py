from django.urls import path

from respite import views

app_name = "respite"
urlpatterns = [
    path("aanvragen/", views.request_start, name="request_start"),
    path("aanvragen/<uuid:draft>/stap/<slug:slug>/", views.request_step, name="request_step"),
    path("aanvragen/<uuid:draft>/controleren/", views.request_check, name="request_check"),
    path("aanvragen/<uuid:draft>/weggooien/", views.draft_discard, name="draft_discard"),
    path("mijn-aanvragen/", views.my_requests, name="my_requests"),
    path("mijn-aanvragen/mijn-gegevens.json", views.my_data, name="my_data"),
    path("mijn-aanvragen/account-verwijderen/", views.delete_account, name="delete_account"),
    path("mijn-aanvragen/<str:reference>/", views.request_detail, name="request_detail"),
    path("mijn-aanvragen/<str:reference>/intrekken/", views.request_withdraw_view, name="withdraw"),
    path(
        "mijn-aanvragen/<str:reference>/informatie/", views.request_add_info_view, name="add_info"
    ),
]
