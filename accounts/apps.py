from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.signals import keep_chosen_language

        user_logged_in.connect(keep_chosen_language, dispatch_uid="accounts.keep_chosen_language")
