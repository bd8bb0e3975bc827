from django.urls import path

from putright.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("tsm/", views.tsm, name="tsm"),
    path("learning/", views.learning, name="learning"),
    path("learning/improvements/<int:pk>/", views.improvement_update, name="improvement_update"),
    path("self-assessment/", views.self_assessments, name="self_assessments"),
    path("self-assessment/<int:pk>/", views.self_assessment, name="self_assessment"),
    path("self-assessment/<int:pk>/provision/<str:provision>/", views.answer, name="answer"),
    path("self-assessment/<int:pk>/approve/", views.approve, name="approve"),
    path("self-assessment/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("reports/", views.report_list, name="reports"),
    path("reports/publications/", views.publication_upload, name="publication_upload"),
    path("reports/mrc/<int:year>/q<int:quarter>.<str:fmt>", views.mrc_report, name="mrc"),
    path("reports/annual/<int:year>/", views.annual, name="annual"),
    path("ombudsman/", views.ombudsman, name="ombudsman"),
    path("ombudsman/<int:pk>/", views.ombudsman_case, name="ombudsman_case"),
    path("exceptional/", views.exceptional, name="exceptional"),
]
