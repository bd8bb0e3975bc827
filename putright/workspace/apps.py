from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "putright.workspace"
    label = "workspace"
    verbose_name = "Staff workspace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from putright.complaints.services import representative_recorded
        from putright.web.database import kept_indexes
        from putright.workspace import records
        from putright.workspace.indexes import INDEXES

        post_migrate.connect(
            kept_indexes(INDEXES, added_by=("workspace", "0003_workload_index")),
            sender=self,
            weak=False,
            dispatch_uid="putright_workspace_indexes",
        )
        representative_recorded.connect(
            records.representative_recorded, dispatch_uid="workspace.representative_recorded"
        )
