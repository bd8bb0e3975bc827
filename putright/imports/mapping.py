"""The column mapping: which column of the landlord's file holds each thing PutRight needs, and how
its values (categories, channels, outcomes) translate. TOML or YAML, the same shape::

    [columns]
    reference = "Case ref"          # required: the previous system's reference (the row key)
    resident_name = "Tenant"        # required
    received_on = "Date received"   # required
    summary = "Details"             # required
    category = "Category"
    stage_1_responded_on = "S1 response"

    [categories]                    # the file's value = a PutRight category slug
    "Damp & Mould" = "damp-and-mould"

Every field is in :data:`EXAMPLE` (``example_mapping.toml``), the example the import page shows and
the README prints.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: the example mapping, with every field: shown on the import page and printed in the README (a test
#: keeps the README's copy the same as this file)
EXAMPLE = Path(__file__).with_name("example_mapping.toml")

REQUIRED = ("reference", "resident_name", "received_on", "summary")
#: every field a mapping may name, in the order the report lists them
FIELDS = (
    *REQUIRED,
    "category",
    "channel",
    "resident_email",
    "resident_phone",
    "stage_1_acknowledged_on",
    "stage_1_responded_on",
    "stage_1_outcome",
    "stage_1_handler",
    "stage_2_requested_on",
    "stage_2_acknowledged_on",
    "stage_2_responded_on",
    "stage_2_outcome",
    "stage_2_handler",
    "closed_on",
)
DATE_FIELDS = (
    "received_on",
    "stage_1_acknowledged_on",
    "stage_1_responded_on",
    "stage_2_requested_on",
    "stage_2_acknowledged_on",
    "stage_2_responded_on",
    "closed_on",
)
TABLES = ("columns", "categories", "channels", "outcomes", "defaults")


class MappingError(ValueError):
    """The mapping file cannot be used: said in one line, nothing imported."""


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]
    categories: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)


def _table(data: dict[str, Any], name: str) -> dict[str, str]:
    value = data.get(name, {})
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"[{name}] must be a table of names and values")
    for key, item in value.items():
        if not isinstance(item, str | int | float) or isinstance(item, bool):
            raise MappingError(f"[{name}] {key!r} must be text")
    return {str(key).strip(): str(item).strip() for key, item in value.items()}


def parse_mapping(text: str, *, name: str) -> Mapping:
    """Read a mapping from ``text``; ``name`` (the file's name) says TOML (``.toml``) or YAML
    (``.yaml``/``.yml``)."""
    lowered = name.lower()
    try:
        if lowered.endswith(".toml"):
            data: Any = tomllib.loads(text)
        elif lowered.endswith((".yaml", ".yml")):
            data = yaml.safe_load(text)
        else:
            raise MappingError(f"{name}: a mapping file is .toml, .yaml or .yml")
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise MappingError(f"{name} is not valid: {str(error).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise MappingError(f"{name}: expected tables such as [columns]")
    unknown_tables = sorted(set(data) - set(TABLES))
    if unknown_tables:
        raise MappingError(f"{name}: unknown table(s) {', '.join(unknown_tables)}; use {', '.join(TABLES)}")
    columns = _table(data, "columns")
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise MappingError(f"{name}: unknown field(s) in [columns]: {', '.join(unknown)}")
    missing = [f for f in REQUIRED if not columns.get(f)]
    if missing:
        raise MappingError(f"{name}: [columns] must name the column for {', '.join(missing)}")
    defaults = _table(data, "defaults")
    if set(defaults) - {"channel"}:
        raise MappingError(f"{name}: [defaults] may only give a channel")
    return Mapping(
        columns={k: v for k, v in columns.items() if v},
        categories=_table(data, "categories"),
        channels=_table(data, "channels"),
        outcomes=_table(data, "outcomes"),
        defaults=defaults,
    )
