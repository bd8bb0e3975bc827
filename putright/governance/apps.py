from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "putright.governance"
    label = "governance"
    verbose_name = "Governance and reporting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from putright.governance import dashboard_cache
        from putright.governance.indexes import INDEXES
        from putright.web.database import kept_indexes

        dashboard_cache.connect()
        post_migrate.connect(
            kept_indexes(INDEXES, added_by=("governance", "0002_reporting_indexes")),
            sender=self,
            weak=False,
            dispatch_uid="putright_governance_indexes",
        )
