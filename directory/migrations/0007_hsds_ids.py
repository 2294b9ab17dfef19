"""Open Referral HSDS ids (issue 14): derived, so existing rows get the same id everywhere."""

import uuid

from django.db import migrations, models

NAMESPACE = uuid.UUID("6d1f3c52-43a9-5b7e-9a51-6d616e74656c")


def fill(apps, schema_editor):
    for model, prefix in (("Offer", "service"), ("Provider", "organization"), ("Location", "location")):
        Model = apps.get_model("directory", model)
        rows = list(Model.objects.only("pk"))
        for row in rows:
            row.hsds_id = uuid.uuid5(NAMESPACE, f"{prefix}:{row.pk}")
        Model.objects.bulk_update(rows, ["hsds_id"], batch_size=1000)


def field(null: bool):
    return models.UUIDField(
        null=null,
        unique=not null,
        editable=False,
        default=None if null else uuid.uuid4,
        verbose_name="open-data-id (HSDS)",
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_offer_nights_per_year")]

    operations = [
        *(
            migrations.AddField(model_name=name, name="hsds_id", field=field(null=True))
            for name in ("offer", "provider", "location")
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        *(
            migrations.AlterField(model_name=name, name="hsds_id", field=field(null=False))
            for name in ("offer", "provider", "location")
        ),
        migrations.AlterField(
            model_name="offer",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_index=True),
        ),
    ]
