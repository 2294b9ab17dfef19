from django.db import models


class RoleQuerySet(models.QuerySet):
    def editors(self) -> "RoleQuerySet":
        from accounts.choices import RoleKind

        return self.filter(kind=RoleKind.EDITOR)
