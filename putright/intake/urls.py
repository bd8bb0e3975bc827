from django.urls import path

from putright.intake import views

app_name = "intake"

urlpatterns = [
    path("flags/", views.flags, name="flags"),
    path("flags/<int:pk>/review/", views.review, name="review"),
]
