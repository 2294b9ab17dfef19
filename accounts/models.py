"""Users and their roles. Staff roles are per municipality; caregivers have no role."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.choices import RoleKind
from accounts.querysets import RoleQuerySet
from portal.validators import validate_phone


class User(AbstractUser):
    """Our own user model from the start, so it can grow without a painful swap later."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    # A consultant's direct line: the caregiver's fixed contact person must be callable.
    work_phone = models.CharField(
        _("telefoon op het werk"), max_length=30, blank=True, validators=[validate_phone]
    )
    reachable_hours = models.CharField(
        _("wanneer bereikbaar"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: maandag, dinsdag en donderdag van 9 tot 12 uur."),
    )
    # The language they chose in the switch (issue 26.5): their pages on any device, and the
    # language of the mails they get. Empty: Dutch.
    language = models.CharField(_("taal"), max_length=8, blank=True, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_callable(self) -> bool:
        """A consultant becomes someone's contact person only with a phone and hours."""
        return bool(self.work_phone and self.reachable_hours)

    @cached_property
    def is_staff_member(self) -> bool:
        """Superusers, everyone with a municipal role, provider staff and referrers use
        two-factor login."""
        return (
            self.is_superuser
            or self.roles.exists()
            or self.provider is not None
            or self.referrer_organisation is not None
        )

    @cached_property
    def role_kinds(self) -> frozenset[str]:
        """The kinds of municipal role the user holds anywhere; superusers hold every kind."""
        if self.is_superuser:
            return frozenset(RoleKind.values)
        return frozenset(self.roles.values_list("kind", flat=True))

    def municipalities_as(self, kind: str) -> list:
        """The municipalities where the user holds this role, by name (roles only: a
        superuser without roles has none here)."""
        roles = self.roles.filter(kind=kind).select_related("municipality")
        return sorted((role.municipality for role in roles), key=lambda m: m.name)

    @cached_property
    def provider(self):
        """The organisation a provider staff member works for (role 'aanbieder'), else None."""
        membership = getattr(self, "provider_membership", None)
        return membership.provider if membership else None

    @cached_property
    def referrer_organisation(self):
        """The organisation a referrer (huisarts, POH, casemanager…) works for, else None."""
        membership = getattr(self, "referrer_membership", None)
        return membership.organisation if membership else None


class Role(models.Model):
    """A staff role for one municipality, such as catalogue editor for Assen."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    municipality = models.ForeignKey(
        "directory.Municipality", on_delete=models.CASCADE, related_name="staff_roles"
    )
    kind = models.CharField(_("rol"), max_length=20, choices=RoleKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "kind"], name="one_role_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.municipality}"
