from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "putright.portal"
    label = "portal"
    verbose_name = "Resident portal"
    default_auto_field = "django.db.models.BigAutoField"
