from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "putright.web"
    label = "web"
    verbose_name = "Web pages"
