"""Provider staff: who works for which organisation. What they keep current about their
offers lives with the catalogue (directory), their referrals with the request (respite)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderMember(models.Model):
    """A provider's staff member (role 'aanbieder'): one organisation per account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_membership"
    )
    provider = models.ForeignKey(
        "directory.Provider", on_delete=models.CASCADE, related_name="members"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medewerker van een aanbieder")
        verbose_name_plural = _("medewerkers van aanbieders")

    def __str__(self) -> str:
        return f"{self.user} ({self.provider})"
