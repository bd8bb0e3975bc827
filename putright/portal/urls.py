"""The residents' pages, at the root of the site (``/``, ``/complain/``, ``/track/`` ...)."""

from django.urls import path

from putright.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.start, name="start"),
    path("complain/", views.complain, name="complain"),
    path("complain/done/", views.complain_done, name="complain-done"),
    path("track/", views.track, name="track"),
    path("track/code/", views.track_code, name="track-code"),
    path("track/link/<str:token>/", views.track_link, name="track-link"),
    path("track/complaint/", views.track_complaint, name="track-complaint"),
    path("track/complaint/add/", views.track_add, name="track-add"),
    path("track/complaint/stage-2/", views.track_escalate, name="track-escalate"),
    path("track/complaint/letters/<int:pk>/", views.track_letter, name="track-letter"),
    path("track/sign-out/", views.track_sign_out, name="track-sign-out"),
    path("policy/", views.policy, name="policy"),
    path("how-we-handle-complaints/", views.process, name="process"),
    path("housing-ombudsman/", views.ombudsman, name="ombudsman"),
    path("surveys-and-feedback/", views.surveys, name="surveys"),
]
