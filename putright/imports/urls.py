from django.urls import path

from putright.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/", views.run, name="run"),
    path("<int:pk>/import/", views.do_import, name="import"),
]
