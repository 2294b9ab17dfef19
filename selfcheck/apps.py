from django.apps import AppConfig


class SelfcheckConfig(AppConfig):
    name = "selfcheck"
    verbose_name = "Zelftest en bewaarlijst"

    def ready(self) -> None:
        from selfcheck import checks  # noqa: F401 (registers the check)
