from django.urls import path

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
    path("complaints/<str:reference>/consent/", views.record_consent, name="record_consent"),
    path("complaints/<str:reference>/held/<int:held_id>/send/", views.send_held, name="send_held"),
    path("complaints/<str:reference>/held/<int:held_id>/discard/", views.discard_held, name="discard_held"),
    path("complaints/<str:reference>/<slug:slug>/", views.act, name="act"),
]
