"""The data protection pages' forms: placing and lifting a legal hold, deciding about a contact."""

from __future__ import annotations

from django import forms

from putright.web.widgets import Textarea


class PlaceHoldForm(forms.Form):
    reference = forms.CharField(
        label="Complaint reference",
        max_length=20,
        help_text="The complaint whose records must be kept, for example RH-2025-0001",
    )
    reason = forms.CharField(
        label="Why the records must be kept",
        widget=Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example: litigation, an Ombudsman investigation, a regulator's request",
    )


class ResidentHoldForm(forms.Form):
    reason = forms.CharField(
        label="Why every record of this resident must be kept",
        widget=Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class LiftHoldForm(forms.Form):
    reason = forms.CharField(
        label="Why the hold is no longer needed",
        widget=Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Is the contact this resident?",
        choices=[
            ("same", "Yes, the same person: move the contact's complaints to the known resident"),
            ("different", "No, a different person"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="How you know",
        widget=Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example: spoke to the resident on their known phone number on 3 March",
    )
    representative_consent = forms.CharField(
        label="If the resident confirmed that the representative on the form acts for them, how",
        widget=Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text="Leave empty and the representative is taken off the complaint: letters then go to the resident only",
    )
