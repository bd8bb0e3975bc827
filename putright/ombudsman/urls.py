from django.urls import path

from putright.ombudsman import views

app_name = "ombudsman"

urlpatterns = [
    path("<str:reference>/failures/", views.failures, name="failure"),
    path("<str:reference>/proposal/", views.proposal, name="proposal"),
    path("<str:reference>/notes/", views.staff_note, name="note"),
    path("<str:reference>/file/", views.complaint_file, name="file"),
    path("<str:reference>/file/<int:pk>.<str:which>", views.download, name="download"),
]

urlpatterns = [
    path("ombudsman-cases/", views.ombudsman_overview, name="overview"),
    path("ombudsman-cases/<int:pk>/", views.ombudsman_case, name="case"),
    *urlpatterns,
]
