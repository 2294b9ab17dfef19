from django.urls import path

from selfcheck import views

app_name = "selfcheck"
urlpatterns = [
    path("zelftest/", views.check, name="check"),
    path("zelftest/mijn-uitslagen/", views.mine, name="mine"),
    path("zelftest/uitslag/<id:pk>/", views.result, name="result"),
    path("bewaarlijst/", views.saved_list, name="saved_list"),
    path("bewaarlijst/brief.pdf", views.letter_pdf, name="letter"),
    path("bewaarlijst/versturen/", views.send_list, name="send"),
    path("bewaarlijst/bewaren/", views.save_offers, name="save_many"),
    path("bewaarlijst/bewaren/<id:pk>/", views.save_offer, name="save"),
    path("bewaarlijst/verwijderen/<id:pk>/", views.remove_offer, name="remove"),
]
