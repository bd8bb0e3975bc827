from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "putright.intake"
    label = "intake"
    verbose_name = "Intake from other channels"
    default_auto_field = "django.db.models.BigAutoField"
