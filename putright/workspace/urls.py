from django.urls import path

from putright.access import views as access_views
from putright.workspace import record_views, views, workload_views

app_name = "workspace"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new_contact, name="new"),
    path("team/", views.team, name="team"),
    path("team/reassign/", workload_views.reassign, name="reassign"),
    path("today/", workload_views.today, name="today"),
    path("start/", workload_views.start, name="start"),
    path("complaints/<str:reference>/", views.case, name="case"),
    path("complaints/<str:reference>/documents/", views.attach, name="attach"),
    path("complaints/<str:reference>/documents/<int:pk>/", views.document, name="document"),
    path("complaints/<str:reference>/correspondence/", views.correspondence, name="correspondence"),
    path("complaints/<str:reference>/consent/", views.record_consent, name="record_consent"),
    path("complaints/<str:reference>/held/<int:held_id>/send/", views.send_held, name="send_held"),
    path("complaints/<str:reference>/held/<int:held_id>/discard/", views.discard_held, name="discard_held"),
    path(
        "complaints/<str:reference>/held/<int:held_id>/told-by-letter/",
        views.held_told_by_letter,
        name="held_told_by_letter",
    ),
    path("complaints/<str:reference>/record/<slug:what>/", record_views.record, name="record"),
    path("complaints/<str:reference>/record/<slug:what>/<int:pk>/", record_views.record, name="record-item"),
    path("complaints/<str:reference>/replies/<int:pk>/retry/", record_views.retry_reply, name="retry-reply"),
    path("complaints/<str:reference>/access-log/", access_views.access_log, name="access-log"),
    path("complaints/<str:reference>/access-log.csv", access_views.access_log_csv, name="access-log-csv"),
    path("complaints/<str:reference>/<slug:slug>/", views.act, name="act"),
]
