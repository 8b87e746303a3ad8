"""Identifier → whole words, and word lists that match identifiers word by word.

Matching on whole words (split on CamelCase, underscores, dots and digits, singularised)
is what keeps ``AccountingPeriod``, ``Userguide`` and ``Discount`` from matching
``account``, ``user`` and ``count``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_KEEP_S = ("ss", "us", "is", "ous")


def singular(word: str) -> str:
    """English singular of a lower-case word, good enough for identifiers."""
    if len(word) <= 3 or word.endswith(_KEEP_S):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=8192)
def split_words(identifier: str) -> tuple[str, ...]:
    """``"APICallLog"`` → ``("api", "call", "log")``; plurals are made singular."""
    return tuple(singular(w.lower()) for w in _WORD.findall(identifier))


class WordList:
    """A set of (possibly multi-word) terms, matched as whole-word runs inside identifiers."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = tuple(dict.fromkeys(terms))
        self._runs = tuple((term, split_words(term)) for term in self.terms)

    def match(self, identifier: str) -> str | None:
        """The first term whose words appear, consecutively, among the identifier's words."""
        words = split_words(identifier)
        for term, run in self._runs:
            size = len(run)
            if size and any(words[i : i + size] == run for i in range(len(words) - size + 1)):
                return term
        return None

    def __contains__(self, identifier: object) -> bool:
        return isinstance(identifier, str) and self.match(identifier) is not None
