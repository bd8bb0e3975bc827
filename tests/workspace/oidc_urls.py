"""The project's routes with single sign-on switched on, as when OIDC_RP_CLIENT_ID is set."""

from django.urls import include, path

from putright.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *project_urlpatterns]
