"""Follow changes without an account (issue 26.3): double opt-in, news at most monthly, one
click to leave (List-Unsubscribe with List-Unsubscribe-Post, RFC 8058). The address is used
for this news only; an unconfirmed one is removed after a week."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from directory.models import Municipality, Offer, Subscription
from portal.mail import absolute_url, send

NEWS_EVERY = timedelta(days=28)  # at most monthly, whatever day the job runs


def _links(subscription: Subscription) -> dict:
    leave = absolute_url(reverse("directory:subscription_leave", args=[subscription.token]))
    return {
        "confirm": absolute_url(
            reverse("directory:subscription_confirm", args=[subscription.token])
        ),
        "leave": leave,
        "municipality": subscription.municipality.name,
        "page": absolute_url(subscription.municipality.get_absolute_url()),
    }


@transaction.atomic
def subscription_ask(*, email: str, municipality: Municipality) -> Subscription:
    """Ask to follow: one mail with a link to confirm. Whether the address already follows is
    never shown on the page (anyone could test an address): that mail says so instead."""
    subscription, _created = Subscription.objects.get_or_create(
        email=email.strip().lower(), municipality=municipality
    )
    language = translation.get_language()
    if subscription.language != language:  # the latest ask says which language they read
        subscription.language = language
        subscription.save(update_fields=["language"])
    event = "directory/news_already" if subscription.confirmed_at else "directory/news_confirm"
    send(event, subscription.email, _links(subscription), language=language)
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if locked.confirmed_at is None:
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
    return locked


def subscription_leave(*, token) -> bool:
    """One click: the address is gone. False when it was gone already."""
    deleted, _ = Subscription.objects.filter(token=token).delete()
    return bool(deleted)


def subscriptions_purge(now=None) -> int:
    """Unconfirmed after a week: removed (the daily retention job)."""
    now = now or timezone.now()
    limit = now - timedelta(days=Subscription.CONFIRM_DAYS)
    deleted, _ = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=limit
    ).delete()
    return deleted


def news_send(now=None) -> int:
    """Per confirmed subscription due (last news 28 days ago or more): the offers serving its
    municipality that are new or changed since, if any. Returns how many mails were queued.
    Each subscription is claimed under a row lock, so two runs never send twice."""
    now = now or timezone.now()
    sent = 0
    due = Subscription.objects.filter(confirmed_at__isnull=False).exclude(
        last_sent_at__gt=now - NEWS_EVERY
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            subscription = (
                Subscription.objects.select_for_update(skip_locked=True)
                .select_related("municipality")
                .filter(pk=pk)
                .exclude(last_sent_at__gt=now - NEWS_EVERY)
                .first()
            )
            if subscription is None:
                continue
            since = subscription.last_sent_at or subscription.confirmed_at
            offers = list(
                Offer.objects.published()
                .serving(subscription.municipality)
                .filter(updated_at__gt=since)
                .order_by("name")[:30]
            )
            if not offers:
                continue  # nothing new: no mail, and the next run looks again
            new = [o for o in offers if o.created_at > since]
            changed = [o for o in offers if o.created_at <= since]
            links = _links(subscription)
            send(
                "directory/news",
                subscription.email,
                {
                    **links,
                    "new": [(o.name, absolute_url(o.get_absolute_url())) for o in new],
                    "changed": [(o.name, absolute_url(o.get_absolute_url())) for o in changed],
                },
                headers={
                    "List-Unsubscribe": f"<{links['leave']}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
                language=subscription.language,
            )
            subscription.last_sent_at = now
            subscription.save(update_fields=["last_sent_at"])
            sent += 1
    return sent
