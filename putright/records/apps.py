from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "putright.records"
    label = "records"
    verbose_name = "Records: integrity, backups, purges"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from putright.records.dbroles import regrant_after_migrate

        post_migrate.connect(regrant_after_migrate, sender=self, dispatch_uid="putright_regrant_app_role")
