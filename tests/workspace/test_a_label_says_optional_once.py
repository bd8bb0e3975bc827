"""A field nobody has to fill in is labelled "(optional)" once. The request-escalation page read
"Anything the resident said about why (optional) (optional)" (a browser walk): the label said it and
the template added it again. The template now adds it only to a label that does not say it."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User
from putright.web.dates import DateInputField
from putright.web.templatetags.govuk import govuk_field

pytestmark = pytest.mark.django_db


def test_the_request_escalation_page_says_optional_once(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("stage_1_responded")
    client.force_login(staff["hana"])
    html = client.get(f"/workspace/complaints/{complaint.reference}/request-escalation/").content.decode()
    label = html.split('for="id_reason"', 1)[1].split("</label>", 1)[0]
    assert "Anything the resident said about why" in label and label.count("(optional)") == 1
    assert "(optional) (optional)" not in html


class _Said(forms.Form):
    note = forms.CharField(label="Anything else (optional)", required=False)
    day = DateInputField(label="Date of the visit (optional)", required=False)
    plain = forms.CharField(label="Anything more", required=False)


def test_a_label_already_saying_optional_is_not_given_it_again() -> None:
    form = _Said()
    for name in ("note", "day", "plain"):
        assert govuk_field(form[name]).count("(optional)") == 1, name
