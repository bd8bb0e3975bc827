from django.db import migrations, models
import django.utils.timezone


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="PurgeRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("by", models.CharField(help_text="Who ran the purge", max_length=200)),
                ("reason", models.TextField()),
                ("subject", models.CharField(help_text="What was purged, e.g. a complaint reference", max_length=200)),
                ("detail", models.JSONField(blank=True, default=dict, help_text="Rows removed per table, last chain hash")),
                ("database_user", models.CharField(blank=True, max_length=200)),
            ],
            options={"ordering": ["-at"]},
        ),
    ]
