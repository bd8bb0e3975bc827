from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "putright.governance"
    label = "governance"
    verbose_name = "Governance and reporting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from putright.governance import dashboard_cache

        dashboard_cache.connect()
