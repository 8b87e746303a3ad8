"""The inline-expectation grammar of fixture files (strict: a malformed marker is an error).

On a line, one comment may hold any of:
  expect: RG101[, RG102]                  these codes are reported on this line
  known-miss: RG201 -- reason             should be reported and is not yet
  known-false-positive: RG101 -- reason   is reported and should not be
  access: public|authenticated|authorized the endpoint reported on this line has this level
  access: none                            what is defined on this line is no endpoint (an
                                          abstract base view, a helper taking a request)
  retrieve-access: LEVEL                  a viewset class on this line also answers ``retrieve``
                                          (inherited) at this level, its own endpoint
  known-wrong-access: LEVEL -- reason     the analysis computes LEVEL there (or finds no endpoint:
                                          LEVEL "undiscovered"), not yet the true one
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

KEYS = ("expect", "known-miss", "known-false-positive", "known-wrong-access", "retrieve-access", "access")
LEVELS = ("public", "authenticated", "authorized")
_KEY = re.compile(r"\b(" + "|".join(re.escape(k) for k in KEYS) + r"):")
_CODE = re.compile(r"^RG\d{3}$")


class MarkerError(ValueError):
    pass


@dataclass
class Expectations:
    codes: set[tuple[int, str]] = field(default_factory=set)
    missing: set[tuple[int, str]] = field(default_factory=set)
    spurious: set[tuple[int, str]] = field(default_factory=set)
    access: dict[int, str] = field(default_factory=dict)
    wrong_access: dict[int, str] = field(default_factory=dict)
    retrieve_access: dict[int, str] = field(default_factory=dict)

    @property
    def reported(self) -> set[tuple[int, str]]:
        """What the tool must report on this file, exactly."""
        return self.codes | self.spurious


def _codes(value: str, where: str, with_reason: bool) -> list[str]:
    codes_text, separator, reason = value.partition("--")
    if with_reason and not (separator and reason.strip()):
        raise MarkerError(f"{where}: known-* markers need '-- reason'")
    codes = [c.strip() for c in codes_text.split(",") if c.strip()]
    if not codes or not all(_CODE.match(c) for c in codes):
        raise MarkerError(f"{where}: bad codes {codes_text.strip()!r}")
    return codes


def parse(path: Path) -> Expectations:
    result = Expectations()
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        line = token.start[0]
        where = f"{path}:{line}"
        text = token.string.lstrip("#").strip()
        matches = list(_KEY.finditer(text))
        if not matches:
            if text.split(" ", 1)[0].rstrip(":") in KEYS:
                raise MarkerError(f"{where}: malformed marker {text!r}")
            continue
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            key, value = match.group(1), text[match.end() : end].strip()
            if key == "known-wrong-access":
                level, separator, reason = value.partition("--")
                if level.strip() not in (*LEVELS, "undiscovered") or not (separator and reason.strip()):
                    raise MarkerError(f"{where}: known-wrong-access needs a level and '-- reason'")
                result.wrong_access[line] = level.strip()
            elif key == "retrieve-access":
                if value not in LEVELS:
                    raise MarkerError(f"{where}: retrieve-access must be one of {LEVELS}, not {value!r}")
                result.retrieve_access[line] = value
            elif key == "access":
                if value not in (*LEVELS, "none"):
                    raise MarkerError(f"{where}: access must be one of {LEVELS}, not {value!r}")
                result.access[line] = value
            elif key == "expect":
                result.codes |= {(line, c) for c in _codes(value, where, False)}
            elif key == "known-miss":
                result.missing |= {(line, c) for c in _codes(value, where, True)}
            else:
                result.spurious |= {(line, c) for c in _codes(value, where, True)}
    return result
