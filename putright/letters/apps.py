from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "putright.letters"
    label = "letters"
    verbose_name = "Letters"
    default_auto_field = "django.db.models.BigAutoField"
