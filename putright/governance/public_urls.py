"""Pages for the landlord's website: no sign-in (2024 8.2)."""

from django.urls import path

from putright.governance import views

app_name = "published"

urlpatterns = [
    path("self-assessment/<int:year>/", views.published_self_assessment, name="self_assessment"),
    path("annual-report/<int:year>/", views.published_annual, name="annual"),
]
