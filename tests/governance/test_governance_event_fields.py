"""Issue 14 item 7: the figures and evidence rules read the history through typed selectors, so a
renamed event field fails a test instead of a JSON lookup matching nothing and a figure reading 0."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import putright.governance.facts  # importing declares its fields
import putright.governance.measures
from putright.code.lifecycle import EVENT_TYPES, Acknowledged, DeadlineExtended, Responded
from putright.governance.event_fields import DECLARED, field, field_type, kind_of

GOVERNANCE = Path(putright.governance.facts.__file__).parent


def test_every_declared_selector_names_a_field_of_its_event_class():
    assert len(DECLARED) >= 19, "facts.py and measures.py declare the fields they read"
    for selector in DECLARED:
        assert selector.event in EVENT_TYPES.values()
        field_type(selector.event, selector.path)  # raises LookupError naming the field if it is gone
        assert selector.lookup == "data__" + "__".join(selector.path)


def test_a_renamed_event_field_breaks_its_selector_at_once():
    # Acknowledged with "stage" renamed to "at_stage", as a careless refactor of the core would do
    renamed = dataclasses.make_dataclass(
        "Acknowledged",
        [("at_stage", int)]
        + [(f.name, f.type) for f in dataclasses.fields(Acknowledged) if f.name != "stage"],
    )
    with pytest.raises(LookupError, match="no field 'stage'"):
        field(renamed, "stage")  # type: ignore[arg-type]
    with pytest.raises(LookupError, match="no field 'verdict'"):
        field(Responded, "response", "verdict")
    with pytest.raises(LookupError, match="not a record of fields"):
        field(DeadlineExtended, "stage", "number")


def test_nested_fields_are_checked_through_the_dataclass_they_hold():
    outcome = field(Responded, "response", "outcome")
    assert outcome.lookup == "data__response__outcome"
    assert outcome.kind == "responded"
    assert kind_of(Acknowledged, Responded) == ("acknowledged", "responded")


def test_no_governance_module_reads_event_json_by_string_key():
    # the only place that spells out a lookup into ComplaintEvent.data is the typed selector itself
    lookup = re.compile(r"""["']data__|KT\(""")
    offenders = [
        path.name
        for path in GOVERNANCE.glob("*.py")
        if path.name != "event_fields.py" and lookup.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
