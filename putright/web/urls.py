from django.contrib.auth import views as auth_views
from django.urls import path

from putright.access.views import landing
from putright.web.forms import SignInForm

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="sign-in",
    ),
    path("staff/", landing, name="landing"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
]
