"""Error messages in GOV.UK words, found walking the workspace: Django's "Ensure this value is
greater than or equal to 0." and "Select the who contacted us?" read as a machine wrote them, and a
field needed only for someone new ("Full name") was labelled "(optional)"."""

from __future__ import annotations

import pytest
from django import forms

from putright.web.templatetags.govuk import govuk_field, govuk_messages


class _Form(forms.Form):
    amount = forms.DecimalField(label="Amount", min_value=0, max_value=1000, decimal_places=2)
    who = forms.ChoiceField(
        label="Who contacted us?", choices=[("r", "The resident")], widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label="Category", choices=[("a", "A")], widget=forms.RadioSelect)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("-1", "Amount must be 0 or more"),
        ("1001", "Amount must be 1000 or less"),
        ("1.234", "Amount must have 2 decimal places at most"),
        ("12345.1", "Amount must be 1000 or less"),
    ],
)
def test_number_bounds_are_said_in_plain_words(amount: str, words: str) -> None:
    form = _Form({"amount": amount, "who": "r", "category": "a"})
    assert not form.is_valid()
    assert govuk_messages(form["amount"]) == [words]


def test_too_many_digits_is_said_in_plain_words() -> None:
    class Small(forms.Form):
        amount = forms.DecimalField(label="Amount", max_digits=4, decimal_places=2)

    form = Small({"amount": "12345"})
    assert not form.is_valid()
    assert govuk_messages(form["amount"]) == ["Amount must be 4 digits at most"]
    form = Small({"amount": "123.4"})
    assert not form.is_valid()
    assert govuk_messages(form["amount"]) == ["Amount must have 2 digits before the decimal point at most"]


def test_a_question_left_unanswered_is_asked_again_as_a_question() -> None:
    form = _Form({"amount": "1"})
    assert not form.is_valid()
    assert govuk_messages(form["who"]) == ["Select an answer to “Who contacted us?”"]
    assert govuk_messages(form["category"]) == ["Select the category"]


@pytest.mark.django_db
def test_fields_needed_only_for_someone_new_or_a_representative_are_not_labelled_optional() -> None:
    from putright.workspace.forms import ContactForm

    form = ContactForm()
    for name in ("name", "rep_name", "rep_relationship"):
        assert "(optional)" not in govuk_field(form[name]), name
    assert "(optional)" in govuk_field(form["email"])


def test_a_default_letter_never_puts_a_reason_typed_as_a_sentence_mid_sentence() -> None:
    """The extension letter read "we need more time because We need a surveyor's report": the
    reason staff type is a sentence of its own, so every default letter sets it on its own line."""
    import re as _re

    from putright.letters.defaults import DEFAULT_TEMPLATES

    for kind, template in DEFAULT_TEMPLATES.items():
        assert not _re.search(r"[a-z,] \{\{ [a-z_]+\.reason \}\}", template.body), kind


def test_a_date_question_gives_an_example_of_this_year_and_is_described_by_it() -> None:
    """The hint read "For example, 27 3 2026" in every year after, and a date question with no help
    text of its own had a hint no screen reader was pointed to (GOV.UK date input pattern)."""
    from django.utils import timezone

    from putright.web.dates import DateInputField

    class Dated(forms.Form):
        plain = DateInputField(label="Date received")
        helped = DateInputField(label="Date it gave", help_text="The earliest date it gave.")

    form = Dated()
    year = timezone.localdate().year
    for name in ("plain", "helped"):
        html = govuk_field(form[name])
        assert f"For example, 27 3 {year}</div>" in html, html
        assert f'aria-describedby="id_{name}-hint"' in html and f'id="id_{name}-hint"' in html, html
    assert "The earliest date it gave.</span> For example" in govuk_field(form["helped"])


def test_2024_7_3_a_date_questions_own_hint_and_its_example_read_as_separate_sentences() -> None:
    """The remedy's "Date it will be done by" read "2024 7.3 For example, 27 3 2026": its hint, a
    provision (2024 7.3), ran into the example of a date with no stop between them (found in a browser
    walk). Each is a sentence on a line of its own, both in the hint the fieldset is described by."""
    import re as _re

    from putright.web.dates import DateInputField
    from putright.workspace.forms import RemedyForm

    class Dated(forms.Form):
        due = RemedyForm.base_fields["due"]
        cited = DateInputField(label="Date of the issue", help_text="Needed for the time limit (2024 2.3)")

    form = Dated()
    for name, own in (("due", "2024 7.3."), ("cited", "Needed for the time limit (2024 2.3).")):
        html = govuk_field(form[name])
        assert f'aria-describedby="id_{name}-hint"' in html, html
        hint = _re.search(rf'<div id="id_{name}-hint" class="govuk-hint">(.*?)</div>', html, _re.S)
        assert hint is not None, html
        assert hint[1].startswith(f'<span class="govuk-!-display-block">{own}</span> For example, 27 3 '), (
            hint[1]
        )
