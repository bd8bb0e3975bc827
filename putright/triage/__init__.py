"""Offline triage of residents' messages: complaint, service request or other.

Standard library only, no network. See ``classifier`` for how a decision is made and
``lexicon`` for the cues; ``data/README.md`` gives the labelling rules of the dataset.
"""

from putright.triage.classifier import classify
from putright.triage.result import LABELS, Classification, Label

__all__ = ["LABELS", "Classification", "Label", "classify"]
