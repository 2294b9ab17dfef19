"""The single settling-in night of a referral becomes a step of its settling-in path, so the
nights a house holds come from one place (issue 25.2)."""

from django.db import migrations
from django.utils import timezone


def night_to_step(apps, schema_editor):
    Referral = apps.get_model("respite", "Referral")
    SettlingStep = apps.get_model("respite", "SettlingStep")
    today = timezone.localdate()
    steps = []
    for referral in Referral.objects.exclude(settling_in_night=None).iterator():
        happened = referral.settling_in_night < today and referral.status in (
            "gestart",
            "afgerond",
        )
        steps.append(
            SettlingStep(
                referral=referral,
                kind="nacht",
                day=referral.settling_in_night,
                state="ging_goed" if happened else "gepland",
            )
        )
    SettlingStep.objects.bulk_create(steps)


def step_to_night(apps, schema_editor):
    Referral = apps.get_model("respite", "Referral")
    SettlingStep = apps.get_model("respite", "SettlingStep")
    for step in SettlingStep.objects.filter(kind="nacht").order_by("-day"):
        Referral.objects.filter(pk=step.referral_id).update(settling_in_night=step.day)


class Migration(migrations.Migration):
    dependencies = [("respite", "0017_settling_steps")]

    operations = [
        migrations.RunPython(night_to_step, step_to_night),
        migrations.RemoveField(model_name="referral", name="settling_in_night"),
    ]
