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

        from putright.complaints.search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="putright_search_fold")

        from django.db.models.signals import post_delete, post_save

        from putright.complaints.models import ClosureDay, Landlord
        from putright.complaints.rules import forget

        for model in (Landlord, ClosureDay):  # the rules remembered for a request are out of date
            post_save.connect(forget, sender=model, dispatch_uid=f"putright-rules-save-{model.__name__}")
            post_delete.connect(forget, sender=model, dispatch_uid=f"putright-rules-del-{model.__name__}")
