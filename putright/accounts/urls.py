from django.urls import path

from putright.accounts import twofactor, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke-token"),
    path("two-factor/", twofactor.two_factor, name="two-factor"),
]
