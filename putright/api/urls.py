from django.urls import path

from putright.api.v1 import api

urlpatterns = [path("v1/", api.urls)]
