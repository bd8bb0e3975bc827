from django.urls import path

from putright.governance import oversight_views, views

app_name = "governance"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("tsm/", views.tsm, name="tsm"),
    path("learning/", views.learning, name="learning"),
    path("learning/improvements/<int:pk>/", views.improvement_update, name="improvement_update"),
    path("self-assessment/", views.self_assessments, name="self_assessments"),
    path("self-assessment/<int:pk>/", views.self_assessment, name="self_assessment"),
    path(
        "self-assessment/<int:pk>/section/<int:number>/",
        views.self_assessment_section,
        name="self_assessment_section",
    ),
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
    path("oversight/", oversight_views.oversight, name="oversight"),
    path("oversight/reports/<int:pk>/received/", oversight_views.report_received, name="report_received"),
    path("submission/", oversight_views.submission_page, name="submission"),
    path("submission/<int:pk>/", oversight_views.submission_pack, name="submission_pack"),
]
