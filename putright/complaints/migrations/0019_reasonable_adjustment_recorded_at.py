"""When each reasonable adjustment was entered (2024 5.10), so a past self-assessment reads only those
on the record at its moment. Those already recorded are left null, "recorded before this was kept":
when they were entered cannot be told, and no date is made up for them."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("complaints", "0018_complaint_made_by_representative")]

    operations = [
        # added without a default, so the rows already recorded stay null rather than "recorded now"
        migrations.AddField(
            model_name="reasonableadjustment",
            name="recorded_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        # and from now on each is stamped when it is entered
        migrations.AlterField(
            model_name="reasonableadjustment",
            name="recorded_at",
            field=models.DateTimeField(
                blank=True, default=django.utils.timezone.now, editable=False, null=True
            ),
        ),
    ]
