from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Anyone may make a caregiver account (e-mail only). Staff roles are given only by a
        superuser's invitation, so signing up never makes someone staff."""
        return True

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails (sign-in codes, confirmations, password links) go through the task
        queue like all our mail, so a mail server that is down never breaks a sign-up."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        from portal.mail import queue_mail

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        queue_mail(message.subject, message.body, list(message.to))
