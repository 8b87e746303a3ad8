"""Whole-word matching of identifiers against entity and marker lists."""

from __future__ import annotations

import pytest

from rosterguard.config import DEFAULTS
from rosterguard.words import WordList, split_words


@pytest.mark.parametrize(
    ("identifier", "words"),
    [("APICallLog", ("api", "call", "log")), ("customer_accounts", ("customer", "account")), ("Companies", ("company",)), ("Searches", ("search",))],
)
def test_split_words(identifier: str, words: tuple[str, ...]) -> None:
    assert split_words(identifier) == words


@pytest.mark.parametrize("identifier", ["Customer", "ClientAccount", "crm_customer", "TenantMembership", "user_set", "Organisations"])
def test_customer_entities_match(identifier: str) -> None:
    assert identifier in WordList(DEFAULTS["customer-entities"])


@pytest.mark.parametrize("identifier", ["AccountingPeriod", "Userguide", "Discount", "Product", "Event", "Customs"])
def test_customer_entities_do_not_match_inside_words(identifier: str) -> None:
    assert identifier not in WordList(DEFAULTS["customer-entities"])


def test_multi_word_terms_match_consecutively() -> None:
    usage = WordList(DEFAULTS["usage-entities"])
    assert usage.match("ApiCall") == "api_call"
    assert usage.match("CallApi") is None
