"""The data protection area: ``/data-protection/...`` (``putright.records.views``)."""

from django.urls import path

from putright.records import views

app_name = "records"

urlpatterns = [
    path("", views.index, name="index"),
    path("residents/", views.residents, name="residents"),
    path("residents/<int:resident_id>/", views.resident, name="resident"),
    path("residents/<int:resident_id>/export/", views.resident_export, name="export"),
    path("residents/<int:resident_id>/access-log/", views.resident_access_log, name="resident-access-log"),
    path("residents/<int:resident_id>/hold/", views.resident_hold, name="resident-hold"),
    path("holds/", views.holds, name="holds"),
    path("holds/<int:pk>/lift/", views.lift, name="lift"),
    path("retention/", views.retention_list, name="retention"),
    path("orphan-files/", views.orphans, name="orphans"),
    path("matches/", views.matches, name="matches"),
    path("matches/<int:contact_id>/<int:resident_id>/", views.match, name="match"),
]
