from django.urls import path

from putright.access import views as access_views
from putright.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new_contact, name="new"),
    path("team/", views.team, name="team"),
    path("complaints/<str:reference>/", views.case, name="case"),
    path("complaints/<str:reference>/documents/", views.attach, name="attach"),
    path("complaints/<str:reference>/documents/<int:pk>/", views.document, name="document"),
    path("complaints/<str:reference>/correspondence/", views.correspondence, name="correspondence"),
    path("complaints/<str:reference>/access-log/", access_views.access_log, name="access-log"),
    path("complaints/<str:reference>/access-log.csv", access_views.access_log_csv, name="access-log-csv"),
    path("complaints/<str:reference>/<slug:slug>/", views.act, name="act"),
]
