from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0014_representative_address_given"),
    ]

    operations = [
        migrations.AlterField(
            model_name="correspondence",
            name="party",
            field=models.CharField(
                choices=[
                    ("resident", "Resident"),
                    ("representative", "Representative"),
                    ("either", "Resident or representative (same address)"),
                    ("other", "Other party"),
                ],
                default="resident",
                max_length=20,
            ),
        ),
    ]
