from django.apps import AppConfig


class ReferrersConfig(AppConfig):
    name = "referrers"
    verbose_name = "Verwijzers"
