from django.urls import path

from respite import views

app_name = "respite"
urlpatterns = [
    path("aanvragen/", views.request_start, name="request_start"),
    path("aanvragen/<uuid:draft>/stap/<slug:slug>/", views.request_step, name="request_step"),
    path("aanvragen/<uuid:draft>/controleren/", views.request_check, name="request_check"),
    path("aanvragen/<uuid:draft>/weggooien/", views.draft_discard, name="draft_discard"),
    path("aanvragen/<uuid:draft>/klopt-dit-nog/", views.request_saved, name="request_saved"),
    path(
        "mijn-aanvragen/bewaarde-antwoorden/<int:pk>/wissen/",
        views.saved_forget,
        name="saved_forget",
    ),
    path("mijn-aanvragen/", views.my_requests, name="my_requests"),
    path("hoe-ging-het/<str:token>/", views.check_in, name="check_in"),
    path("mijn-aanvragen/mijn-gegevens.json", views.my_data, name="my_data"),
    path("mijn-aanvragen/account-verwijderen/", views.delete_account, name="delete_account"),
    path("mijn-aanvragen/<str:reference>/", views.request_detail, name="request_detail"),
    path("mijn-aanvragen/<str:reference>/intrekken/", views.request_withdraw_view, name="withdraw"),
    path("mijn-aanvragen/<str:reference>/nacht-vasthouden/", views.night_hold, name="night_hold"),
    path(
        "mijn-aanvragen/<str:reference>/wennen/<id:pk>/stoppen/",
        views.settling_stop_view,
        name="settling_stop",
    ),
    path(
        "mijn-aanvragen/<str:reference>/nacht-vrijgeven/<id:pk>/",
        views.night_hold_release,
        name="night_hold_release",
    ),
    path(
        "mijn-aanvragen/<str:reference>/informatie/", views.request_add_info_view, name="add_info"
    ),
]
