"""Shared values for the complaint tests."""

from __future__ import annotations

from datetime import date

RECEIVED = date(2025, 3, 3)  # a Monday, no bank holidays near

#: every state a complaint can be in under the 2024 Code, and one way to reach it
STATES = (
    "received",
    "service_request",
    "complaint",
    "stage_1_acknowledged",
    "stage_1_responded",
    "escalation_requested",
    "stage_2_acknowledged",
    "stage_2_responded",
    "closed",
    "referred_to_ombudsman",
    "declined",
    "withdrawn",
)

RESPONSE = dict(
    outcome="partly_upheld",
    decision="We agree the repair took too long.",
    reasons="The job was booked late and the first visit missed the cause.",
    remedy="An apology and £50 for the delay.",
    outstanding_actions="Replace the extractor fan by 30 April.",
    escalation_route="If you are unhappy, ask us to escalate to stage 2 within 20 working days.",
)
