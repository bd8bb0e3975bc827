from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "putright.ombudsman"
    label = "ombudsman"
    verbose_name = "Putting things right and the Ombudsman's complaint file"
    default_auto_field = "django.db.models.BigAutoField"
