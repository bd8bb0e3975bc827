"""The complaint builders of the records tests and the letterhead of the letters tests."""

from complaints.conftest import build, handler_1, handler_2, officer, resident
from letters.conftest import case_for_kind, letterhead

__all__ = ["build", "case_for_kind", "handler_1", "handler_2", "letterhead", "officer", "resident"]
