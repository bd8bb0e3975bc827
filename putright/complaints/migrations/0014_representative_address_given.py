from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0013_resident_address_given_representative_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="representative",
            name="address_given",
            field=models.TextField(blank=True),
        ),
    ]
