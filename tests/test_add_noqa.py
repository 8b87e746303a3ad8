"""``rosterguard check --add-noqa``: every reported line ends with ``# noqa: <its codes>``, other
comments and noqa codes kept; afterwards neither the console script nor flake8 reports anything."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, parse_flake8, run_flake8
from test_fix_fixtures import changed_lines, sources

from rosterguard.cli import main
from rosterguard.fix.noqa import with_codes

# What --add-noqa adds to a line: a whole comment at its end, or codes after the existing ones.
_ADDED_COMMENT = re.compile(r"  # noqa: RG\d{3}(, RG\d{3})*$")
_ADDED_CODES = re.compile(r", RG\d{3}")


def _without_added(line: str) -> str:
    """The line as it was before --add-noqa (codes of other comments, ``expect: RG101, RG103``, stay)."""
    if _ADDED_COMMENT.search(line):
        return _ADDED_COMMENT.sub("", line)
    head, noqa, tail = line.partition("noqa")
    return head + noqa + _ADDED_CODES.sub("", tail)


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        (None, "# noqa: RG101, RG102"),
        ("# expect: RG101", "# expect: RG101  # noqa: RG101, RG102"),
        ("# noqa: E501", "# noqa: E501, RG101, RG102"),
        ("# noqa:E501,RG101 long line, known leak", "# noqa:E501,RG101, RG102 long line, known leak"),
        ("# type: ignore[misc]  # NOQA: B008", "# type: ignore[misc]  # NOQA: B008, RG101, RG102"),
        ("# noqa", "# noqa"),
    ],
)
def test_codes_join_the_comment_already_there(comment: str | None, expected: str) -> None:
    assert with_codes(comment, ["RG101", "RG102"]) == expected


def test_add_noqa_silences_every_finding_and_changes_only_reported_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(shutil.copytree(FIXTURES / "demo_app", tmp_path / "demo_app"))
    portal = root / "flask_portal.py"
    portal.write_text(
        portal.read_text().replace("def export_customers():", "def export_customers():  # noqa: E501")
    )
    assert main(["check", str(root)]) == 1
    reported = capsys.readouterr().out.splitlines()
    before = sources(root)

    assert main(["check", "--add-noqa", str(root)]) == 0
    assert capsys.readouterr().err.endswith(
        f"rosterguard: # noqa added for {len(reported)} findings in 4 files\n"
    )
    after = sources(root)
    for path in before:
        removed, added = changed_lines(before[path].decode(), after[path].decode())
        assert len(removed) == len({line.split(":")[1] for line in reported if path in line})
        assert sorted(_without_added(line) for line in added) == removed
    assert "def export_customers():  # noqa: E501, RG101" in after["flask_portal.py"].decode()

    assert main(["check", str(root)]) == 0
    assert capsys.readouterr().out == ""
    assert parse_flake8(run_flake8(str(root)).stdout) == {}
    assert main(["check", "--add-noqa", str(root)]) == 0
    assert sources(root) == after


def test_a_def_line_that_continues_gets_the_comment_on_the_def_line(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text(
        "from flask import Flask, jsonify\n\nfrom shop.models import Customer\n\napp = Flask(__name__)\n\n\n"
        '@app.get("/customers")\ndef customers(\n    page: int = 1,\n):\n'
        "    return jsonify([c.email for c in Customer.query.all()])\n"
    )
    assert main(["check", "--add-noqa", str(tmp_path)]) == 0
    assert "def customers(  # noqa: RG101\n    page: int = 1,\n):\n" in app.read_text()
    assert main(["check", str(tmp_path)]) == 0
