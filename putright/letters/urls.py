from django.urls import path

from putright.letters import views

app_name = "letters"

urlpatterns = [
    path("templates/", views.template_list, name="templates"),
    path("templates/<slug:kind>/", views.template_edit, name="template"),
    path("letterhead/", views.letterhead_edit, name="letterhead"),
    path("issued/<int:letter_id>/pdf/", views.issued_pdf, name="pdf"),
    path("issued/<int:letter_id>/docx/", views.issued_docx, name="docx"),
    path("deliveries/<int:delivery_id>/retry/", views.retry_delivery, name="retry"),
    path("issued/<int:letter_id>/sent/", views.record_sent, name="sent"),
    path("<str:reference>/", views.case_letters, name="case"),
    path("<str:reference>/new/", views.new_letter, name="new"),
    path("<str:reference>/drafts/<int:draft_id>/", views.draft_letter, name="draft"),
    path("<str:reference>/drafts/<int:draft_id>/confirm/", views.confirm_element, name="confirm"),
    path("<str:reference>/letters.csv", views.letters_csv, name="csv"),
]
