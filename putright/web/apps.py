from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "putright.web"
    label = "web"
    verbose_name = "Web pages"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from putright.web.middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="putright_session_clock")
