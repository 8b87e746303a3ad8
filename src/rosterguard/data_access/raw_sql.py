"""Raw SQL text: which tables a statement reads and whether it aggregates."""

from __future__ import annotations

import re
from dataclasses import dataclass

_STATEMENT = re.compile(r"^\s*\(?\s*(select|with)\b", re.IGNORECASE)
_TABLE = re.compile(r"\b(?:from|join)\s+([A-Za-z_][\w.\"`\[\]]*)", re.IGNORECASE)
_AGGREGATE = re.compile(r"\b(?:count|sum|avg)\s*\(|\bgroup\s+by\b", re.IGNORECASE)
_STAR = re.compile(r"(?:^|,)\s*(?:\w+\.)?\*\s*(?:,|$)")
_SELECT_LIST = re.compile(r"\bselect\b(.*?)\bfrom\b", re.IGNORECASE | re.DOTALL)
# A query longer than this is read by its head: the patterns stay linear on hostile literals.
_LONGEST_READ = 20_000


@dataclass(frozen=True, slots=True)
class SqlRead:
    tables: tuple[str, ...]
    aggregates: bool
    columns: str

    @property
    def selects_all(self) -> bool:
        """``SELECT *`` / ``SELECT c.*``: whole records, not only aggregates."""
        return bool(_STAR.search(self.columns))


def read_sql(text: str) -> SqlRead | None:
    """What a SELECT statement reads; ``None`` for anything that is not a query."""
    if not _STATEMENT.match(text):
        return None
    text = text[:_LONGEST_READ]
    tables = tuple(dict.fromkeys(t.strip('"`[]').rsplit(".", 1)[-1] for t in _TABLE.findall(text)))
    select_list = _SELECT_LIST.search(text)
    return SqlRead(tables, bool(_AGGREGATE.search(text)), select_list.group(1) if select_list else "")
