from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "putright.complaints"
    label = "complaints"
    verbose_name = "Complaints"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from putright.complaints.history import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="putright_history_purge")
