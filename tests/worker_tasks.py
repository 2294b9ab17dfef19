"""A task for the worker tests: the first run takes long (the test kills its worker then),
a run after that ends at once."""

import time

from django.tasks import task


@task()
def slow_once(*, marker: str) -> str:
    from portal.models import SentMail

    if SentMail.objects.filter(key=marker).exists():
        return "second run"
    SentMail.objects.create(key=marker)
    time.sleep(120)
    return "first run"
