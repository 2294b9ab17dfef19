from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Anyone may make a caregiver account (e-mail only). Staff roles are given only by a
        superuser's invitation, so signing up never makes someone staff."""
        return True
