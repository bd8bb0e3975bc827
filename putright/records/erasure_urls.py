from django.urls import path

from putright.records import erasure_views

app_name = "erasure"

urlpatterns = [
    path("<str:reference>/", erasure_views.erase, name="erase-resident"),
]
