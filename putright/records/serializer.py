"""A JSON Lines serialisation for backups that keeps times to the microsecond.

Django's ``DjangoJSONEncoder`` cuts datetimes to milliseconds (ECMA-262 style); a restore from such a
dump would change every ``recorded_at`` and so every event's chain hash. This format is Django's
``jsonl`` with ISO 8601 times written in full. Registered as ``putright-jsonl`` in
``SERIALIZATION_MODULES``."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = jsonl.Deserializer
