from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "putright.access"
    label = "access"
    verbose_name = "Access control and access log"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib import admin

        from putright.access.policy import uses_admin_site

        # The Django admin is a door too: the same policy decides who may use it.
        admin.site.has_permission = lambda request: bool(uses_admin_site(request.user))  # type: ignore[method-assign]
