"""A small binarised multinomial naive Bayes over word unigrams and bigrams, in pure Python.

It is trained once, deterministically, from the training split only. It backs up the lexicon on
messages whose cues are weak or absent; it never overrides a strong lexicon decision.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from putright.triage.result import LABELS, Label
from putright.triage.tokens import features, tokenise

ALPHA = 0.5  # additive smoothing


@dataclass(frozen=True)
class NaiveBayes:
    log_prior: dict[Label, float]
    log_likelihood: dict[Label, dict[str, float]]
    log_unseen: dict[Label, float]
    vocabulary: frozenset[str]
    trained_on: frozenset[str]  # message ids, so a test can prove the test split was never used

    def posterior(self, text: str) -> dict[Label, float]:
        seen = features(tokenise(text)) & self.vocabulary
        scores = {
            label: self.log_prior[label]
            + sum(self.log_likelihood[label].get(f, self.log_unseen[label]) for f in seen)
            for label in LABELS
        }
        top = max(scores.values())
        exps = {label: math.exp(score - top) for label, score in scores.items()}
        total = sum(exps.values())
        return {label: value / total for label, value in exps.items()}

    def evidence_for(self, label: Label, word: str) -> float:
        """How much more likely ``word`` is under ``label`` than under the other labels (log ratio)."""
        others = [
            self.log_likelihood[other].get(word, self.log_unseen[other]) for other in LABELS if other != label
        ]
        mine = self.log_likelihood[label].get(word, self.log_unseen[label])
        return mine - max(others)


def train(examples: Iterable[tuple[str, str, Label]]) -> NaiveBayes:
    """Train from ``(id, text, label)`` triples."""
    documents: Counter[Label] = Counter()
    counts: dict[Label, Counter[str]] = {label: Counter() for label in LABELS}
    ids = set()
    for message_id, text, label in examples:
        ids.add(message_id)
        documents[label] += 1
        counts[label].update(features(tokenise(text)))
    vocabulary = frozenset(word for counter in counts.values() for word in counter)
    total_documents = sum(documents.values())
    log_prior: dict[Label, float] = {}
    log_likelihood: dict[Label, dict[str, float]] = {}
    log_unseen: dict[Label, float] = {}
    for label in LABELS:
        log_prior[label] = math.log((documents[label] + 1) / (total_documents + len(LABELS)))
        denominator = sum(counts[label].values()) + ALPHA * len(vocabulary)
        log_likelihood[label] = {
            word: math.log((n + ALPHA) / denominator) for word, n in counts[label].items()
        }
        log_unseen[label] = math.log(ALPHA / denominator)
    return NaiveBayes(log_prior, log_likelihood, log_unseen, vocabulary, frozenset(ids))
