from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from accounts.landing import landing_url


class AccountAdapter(DefaultAccountAdapter):
    # allauth's Dutch says "jij" ("Het door jou opgegeven …"); the site says "u", in B1.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "Het e-mailadres of het wachtwoord klopt niet. Kijk of u ze goed heeft getypt."
        ),
        "too_many_login_attempts": _(
            "U heeft te vaak een verkeerd wachtwoord getypt. Wacht een paar minuten en probeer "
            "het dan opnieuw, of kies 'Wachtwoord vergeten?'."
        ),
        "incorrect_code": _("Deze code klopt niet. Kijk of u hem goed heeft overgenomen."),
        "enter_current_password": _("Typ uw huidige wachtwoord."),
        "incorrect_password": _("Dit wachtwoord klopt niet."),
        "invalid_or_expired_key": _(
            "Deze link werkt niet meer. Vraag een nieuwe aan met 'Wachtwoord vergeten?'."
        ),
        "unknown_email": _("Er is geen account met dit e-mailadres."),
        "account_inactive": _("Dit account is uitgeschakeld. Neem contact op met de beheerder."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Anyone may make a caregiver account (e-mail only). Staff roles are given only by a
        superuser's invitation, so signing up never makes someone staff."""
        return True

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Without a `next`: staff to where they work, caregivers to "Mijn aanvragen"."""
        return landing_url(request.user)

    def post_login(
        self, request: HttpRequest, user, *, redirect_url=None, **kwargs
    ) -> HttpResponse:
        """After every way of signing in (password and code, a code after sign-up, the
        authenticator app): follow `next` only where the user may go, so nobody lands on a
        403 page (accounts/landing.py)."""
        from allauth.account.utils import get_next_redirect_url

        if callable(redirect_url):
            redirect_url = redirect_url()
        wanted = redirect_url or get_next_redirect_url(request) or ""
        # Back to a request form after the session ran out: that page says "U bent weer
        # ingelogd. Uw antwoorden zijn bewaard"; allauth's "U bent ingelogd" would say it twice.
        request.resuming_a_form = "weer=1" in wanted
        return super().post_login(request, user, redirect_url=landing_url(user, wanted), **kwargs)

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        if message_template == "account/messages/logged_in.txt" and getattr(
            request, "resuming_a_form", False
        ):
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        """Failed passwords are counted per account *and* address: five wrong passwords from
        one place no longer lock the account for its owner somewhere else (anyone who knew a
        staff address could keep them out). Each address is still limited on its own."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{self.get_client_ip(request)}"

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
        queue_mail(message.subject, message.body, list(message.to), urgent=True)
