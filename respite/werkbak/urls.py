from django.urls import path

from respite.werkbak import views

app_name = "werkbak"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("team/<slug:slug>/", views.team, name="team"),
    path("telefonisch/<slug:slug>/", views.intake, name="intake"),
    path("<str:reference>/", views.request_page, name="request"),
    path("<str:reference>/zelftest/", views.self_checks, name="self_checks"),
    path("<str:reference>/oppakken/", views.claim, name="claim"),
    path("<str:reference>/notitie/", views.add_note, name="note"),
    path("<str:reference>/vraag/", views.ask_information, name="ask_information"),
    path("<str:reference>/aanbod-koppelen/", views.link_offer, name="link_offer"),
    path("<str:reference>/besluit/", views.decide, name="decide"),
    path("<str:reference>/afronden/", views.close, name="close"),
    path("<str:reference>/overdragen/", views.hand_over, name="hand_over"),
    path("<str:reference>/overnemen/", views.take_over, name="take_over"),
    path("<str:reference>/contact-beeindigen/", views.end_contact, name="end_contact"),
    path("<str:reference>/uitnodigen/", views.invite_caregiver, name="invite_caregiver"),
    path("<str:reference>/doorverwijzen/", views.refer, name="refer"),
    path(
        "<str:reference>/aanmelding/<id:pk>/intrekken/",
        views.referral_withdraw,
        name="referral_withdraw",
    ),
    path(
        "<str:reference>/aanmelding/<id:pk>/akkoord/", views.referral_agree, name="referral_agree"
    ),
    path(
        "<str:reference>/aanmelding/<id:pk>/brief.pdf",
        views.referral_letter,
        name="referral_letter",
    ),
]
