"""Correcting records made before a rule of the Code was applied, by deciding again from the events.

The history is never changed. What changes is how it is read: a complaint received on or after
1 April 2024 is under the 2024 Code whatever the landlord's setting was (the 2024 Code is statutory
from that day), and a complaint made about a service request was received on the day it was made,
not the day the service request was logged (2024 1.5). ``replay`` reads stored events that way, so
correcting a record is re-projecting the fields that depend on it. The migration that introduced
the rule (``0007_correct_editions_and_complaint_dates``) runs :func:`corrected_fields` over the
historical rows; a test proves it on records written the old way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from putright.code.lifecycle import event_from_data, replay


def corrected_fields(events: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The complaint fields that follow from its events read by today's rules."""
    case = replay(event_from_data(data) for data in events)
    deadline = case.current_deadline()
    return {
        "edition": case.edition,
        "received_on": case.received_on,
        "contact_received_on": case.contact_received_on,
        "current_due": deadline[0] if deadline else None,
        "current_due_provision": deadline[1] if deadline else "",
    }


def needs_correction(*, edition: str, received_on: date, kinds: set[str]) -> bool:
    """Whether a complaint's stored fields may have been decided under a rule since corrected."""
    return (edition == "2022" and received_on >= date(2024, 4, 1)) or (
        "triaged_as_service_request" in kinds and "accepted_as_complaint" in kinds
    )
