"""Hostile and odd inputs, each a test, through real flake8 and through the console script.

For every input the outcome is exact:

* a file Python parses: flake8 reports exactly the expected ``(line, code)`` pairs and no
  E999, exit status 1 if there is a finding and 0 otherwise; ``rosterguard check`` prints
  the very same lines with the same exit status (it must read files as flake8 does);
* a file Python cannot parse: flake8 reports its own E999 exactly once and rosterguard
  adds nothing (so ``--select=RG`` exits 0, as flake8 does for its own E999 when not
  selected), while ``rosterguard check`` prints exactly one RG900 line and exits 1;
* never a traceback on stderr, never anything on stderr at all for flake8 runs.

Python 3.12–3.14 syntax is checked against the running interpreter: what it parses is
analysed, what it cannot parse is flake8's E999.
"""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
import tokenize
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from rosterguard.flake8_plugin import Plugin

_SCRIPT = Path(sys.executable).with_name("rosterguard")
CONSOLE = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "rosterguard.cli"]

LEAK = '''from flask import Flask, jsonify
from shop.models import Customer

app = Flask(__name__)


@app.get("/customers")
def customers():
    return jsonify([c.email for c in Customer.query.all()])
'''
LEAK_FINDINGS = frozenset({(8, "RG101")})


def leak_message(def_line: int, route: str = "/customers") -> str:
    return (
        f"RG101 public endpoint 'customers' (GET {route}) exposes a list of Customer records (line {def_line + 1}; no access check found); "
        "require authorization or scope the query to the caller"
    )


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def flake8(*arguments: str, cwd: Path, select: str = "RG,E999,E902", timeout: float = 120) -> Run:
    command = [sys.executable, "-m", "flake8", "--isolated", f"--select={select}", *arguments]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=timeout)
    return Run(result.returncode, result.stdout, result.stderr)


def console(*arguments: str, cwd: Path, timeout: float = 120) -> Run:
    result = subprocess.run([*CONSOLE, "check", *arguments], cwd=cwd, capture_output=True, text=True, check=False, timeout=timeout)
    return Run(result.returncode, result.stdout, result.stderr)


def pairs(run: Run, prefix: str = "RG") -> set[tuple[int, str]]:
    found = set()
    for line in run.lines:
        _, line_number, _, rest = line.split(":", 3)
        code = rest.split()[0]
        if code.startswith(prefix):
            found.add((int(line_number), code))
    return found


def codes(run: Run) -> list[str]:
    return [line.split(":", 3)[3].split()[0] for line in run.lines]


def assert_clean(run: Run) -> None:
    assert "Traceback" not in run.stderr, run.stderr
    assert "rosterguard" not in run.stderr.lower() or "rosterguard:" in run.stderr, run.stderr


def assert_analysed(path: Path, expected: set[tuple[int, str]] | frozenset[tuple[int, str]]) -> Run:
    """A parseable file: exact findings from flake8, and the console script prints the same lines."""
    by_flake8 = flake8(path.name, cwd=path.parent)
    assert by_flake8.stderr == "", by_flake8.stderr
    assert codes(by_flake8).count("E999") == 0, by_flake8.stdout
    assert pairs(by_flake8) == set(expected), by_flake8.stdout
    assert by_flake8.returncode == (1 if expected else 0)
    by_console = console(path.name, cwd=path.parent)
    assert_clean(by_console)
    assert by_console.stderr == ""
    assert by_console.stdout == by_flake8.stdout, "the console script and flake8 disagree"
    assert by_console.returncode == by_flake8.returncode
    return by_flake8


def assert_unparsable(path: Path) -> None:
    """Flake8's own E999 exactly once, nothing from rosterguard; the console script: one RG900."""
    by_flake8 = flake8(path.name, cwd=path.parent)
    assert by_flake8.stderr == "", by_flake8.stderr
    assert codes(by_flake8) == ["E999"], by_flake8.stdout
    assert by_flake8.returncode == 1
    # With only RG selected, flake8 drops its own E999 and exits 0: rosterguard added nothing.
    # (Implied by the line above; run for real once, in test_syntax_error_exact_console_line.)
    by_console = console(path.name, cwd=path.parent)
    assert_clean(by_console)
    assert by_console.stderr == ""
    assert by_console.returncode == 1
    assert len(by_console.lines) == 1, by_console.stdout
    line = by_console.lines[0]
    assert line.startswith(f"{path.name}:1:1: RG900 rosterguard could not analyse this file: "), line
    assert "None" not in line, f"the reason should name the line or the problem, not None: {line}"


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def flake8_itself_crashes_on(content: bytes) -> bool:
    """CPython 3.12.1 and 3.13.0 ``tokenize`` raise SystemError on some NUL bytes; flake8 then crashes
    with a traceback before or without any plugin (see the report). Nothing a plugin can change."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    try:
        list(tokenize.generate_tokens(io.StringIO(text).readline))
    except SystemError:
        return True
    except (SyntaxError, tokenize.TokenError, IndentationError):
        return False
    return False


@dataclass(frozen=True)
class Batch:
    """One flake8 run and one console run over many cases, each case alone in its own directory."""

    flake8: Run
    console: Run
    host_broken: frozenset[str] = frozenset()

    def of(self, run: Run, case: str) -> Run:
        mine = [line for line in run.lines if line.startswith(f"{case}/{case}.py:")]
        return Run(run.returncode, "".join(f"{line.removeprefix(case + '/')}\n" for line in mine), run.stderr)


def run_batch(directory: Path, cases: dict[str, bytes]) -> Batch:
    for case, content in cases.items():
        (directory / case).mkdir()
        write(directory / case, f"{case}.py", content)
    broken = frozenset(case for case, content in cases.items() if flake8_itself_crashes_on(content))
    return Batch(flake8(*sorted(set(cases) - broken), cwd=directory), console(*sorted(cases), cwd=directory), broken)


def check_batch_case(batch: Batch, case: str, expected: frozenset[tuple[int, str]] | None) -> None:
    """As ``assert_analysed`` (``expected`` findings) or ``assert_unparsable`` (``None``), from the shared runs."""
    for run in (batch.flake8, batch.console):
        assert_clean(run)
        assert run.stderr == "", run.stderr
    by_flake8, by_console = batch.of(batch.flake8, case), batch.of(batch.console, case)
    if case in batch.host_broken:
        assert expected is None
        assert len(by_console.lines) == 1 and " RG900 " in by_console.stdout, by_console.stdout
        assert "None" not in by_console.stdout, by_console.stdout
        pytest.skip("flake8 itself crashes on this file under this Python (CPython tokenize SystemError); console script checked")
    if expected is not None:
        assert codes(by_flake8).count("E999") == 0, by_flake8.stdout
        assert pairs(by_flake8) == set(expected), by_flake8.stdout
        assert by_console.stdout == by_flake8.stdout, "the console script and flake8 disagree"
    else:
        assert codes(by_flake8) == ["E999"], by_flake8.stdout
        assert len(by_console.lines) == 1, by_console.stdout
        line = by_console.lines[0]
        assert line.startswith(f"{case}.py:1:1: RG900 rosterguard could not analyse this file: "), line
        assert "None" not in line, f"the reason should name the line or the problem, not None: {line}"


# -- encodings, line endings, whitespace --------------------------------------------------------

LATIN1 = ("# -*- coding: latin-1 -*-\n" + LEAK.replace('"/customers"', '"/customers-\u00e9"') + 'caf\u00e9 = "na\u00efve"\n').encode("latin-1")

# Characters str.splitlines() breaks lines at but Python does not (form feed, \x1c, \x85,
# U+2028/U+2029), inside a comment and a string: line numbers and ``# noqa`` must not shift.
SEPARATORS = """from flask import Flask, jsonify
from shop.models import Customer
# a comment with a form feed \x0c here and a line separator \u2028 there
app = Flask(__name__)
NOTE = "paragraph\u2029separator \x1c \x85"

@app.get("/customers")
def customers():  # noqa: RG101
    return jsonify([c.email for c in Customer.query.all()])


@app.get("/clients")
def clients():
    return jsonify([c.email for c in Customer.query.all()])
"""

PARSEABLE: dict[str, tuple[bytes, frozenset[tuple[int, str]]]] = {
    "unicode_line_separators_with_noqa": (SEPARATORS.encode(), frozenset({(13, "RG101")})),
    "lf": (LEAK.encode(), LEAK_FINDINGS),
    "crlf": (LEAK.replace("\n", "\r\n").encode(), LEAK_FINDINGS),
    "cr": (LEAK.replace("\n", "\r").encode(), LEAK_FINDINGS),
    "mixed_endings": (LEAK.replace("\n", "\r\n", 3).replace("\n\n\n", "\r\r\n\n", 1).encode(), LEAK_FINDINGS),
    "utf8_bom": (b"\xef\xbb\xbf" + LEAK.encode(), LEAK_FINDINGS),
    "utf8_bom_crlf": (b"\xef\xbb\xbf" + LEAK.replace("\n", "\r\n").encode(), LEAK_FINDINGS),
    "latin1_cookie": (LATIN1, frozenset({(9, "RG101")})),
    "latin1_bytes_without_cookie": (LEAK.replace('"/customers"', '"/customers-\u00e9"').encode("latin-1"), LEAK_FINDINGS),
    "utf8_cookie_non_ascii": (("# coding: utf-8\n" + LEAK.replace("customers():", "customers():  # \u00fcber \U0001f600")).encode(), frozenset({(9, "RG101")})),
    "form_feeds": (LEAK.replace("\n\n\n@app", "\n\x0c\n\n@app").replace("    return", "\x0c    return").encode(), LEAK_FINDINGS),
    "form_feed_lines": (("\x0c\n" + LEAK + "\x0c\n").encode(), frozenset({(9, "RG101")})),
    "tabs": (LEAK.replace("    return", "\treturn").encode(), LEAK_FINDINGS),
    "no_trailing_newline": (LEAK.rstrip("\n").encode(), LEAK_FINDINGS),
    "trailing_whitespace_and_blank_lines": (LEAK.replace("\n", "   \n").encode() + b"\n" * 50, LEAK_FINDINGS),
    "empty": (b"", frozenset()),
    "only_newlines": (b"\n\n\n", frozenset()),
    "only_comments": (b"#!/usr/bin/env python\n# flask route request View urlpatterns REST_FRAMEWORK\n# noqa\n#\n", frozenset()),
    "only_a_docstring": (b'"""A module about flask routes and request handling."""\n', frozenset()),
    "unicode_identifiers": (LEAK.replace("customers():", "kunden_\u00fcbersicht():").replace("'customers'", "'x'").encode(), frozenset({(8, "RG101")})),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """Every parseable, unparsable and modern-syntax case in one flake8 run and one console run."""
    cases = {case: content for case, (content, _) in PARSEABLE.items()}
    cases.update(UNPARSABLE)
    cases.update({case: (LEAK + modern.snippet).encode() for case, modern in MODERN.items()})
    return run_batch(tmp_path_factory.mktemp("hostile"), cases)


@pytest.mark.parametrize("case", sorted(PARSEABLE))
def test_parseable_odd_input(case: str, batch: Batch) -> None:
    check_batch_case(batch, case, PARSEABLE[case][1])


def test_parseable_odd_input_exit_status(tmp_path: Path) -> None:
    """Exit status per file, for one file with findings and one without."""
    assert_analysed(write(tmp_path, "crlf.py", PARSEABLE["crlf"][0]), PARSEABLE["crlf"][1])
    assert_analysed(write(tmp_path, "only_comments.py", PARSEABLE["only_comments"][0]), frozenset())


def test_bom_exact_output(tmp_path: Path) -> None:
    """The exact line a user sees for a UTF-8 file with a byte-order mark, from both entry points."""
    write(tmp_path, "bom.py", b"\xef\xbb\xbf" + LEAK.encode())
    expected = f"bom.py:8:1: {leak_message(8)}\n"
    assert flake8("bom.py", cwd=tmp_path).stdout == expected
    assert console("bom.py", cwd=tmp_path).stdout == expected


def test_latin1_cookie_exact_output(tmp_path: Path) -> None:
    """A latin-1 file is decoded by its cookie: the route in the message is the real one."""
    write(tmp_path, "latin.py", LATIN1)
    route = "/customers-\u00e9"
    expected = f"latin.py:9:1: {leak_message(9, route)}\n"
    assert flake8("latin.py", cwd=tmp_path).stdout == expected
    assert console("latin.py", cwd=tmp_path).stdout == expected


# -- files Python cannot parse --------------------------------------------------------------------

PY2_VIEWS = '''# Django 1.x era views, Python 2
from django.http import HttpResponse
from shop.models import Customer


def customers(request):
    print "listing customers for", request.user
    return HttpResponse(u"\\n".join(c.name for c in Customer.objects.all()))
'''
PY2_EXCEPT = LEAK + '''

def legacy():
    try:
        return Customer.objects.all()
    except Exception, error:
        raise
'''
PY2_MISC = LEAK + "\nmode = 0777\nsame = `mode` <> 'x'\nexec 'print 1'\n"

UNPARSABLE: dict[str, bytes] = {
    "syntax_error": (LEAK + "\n\ndef broken(:\n    pass\n").encode(),
    "syntax_error_first_line": ("def broken(:\n" + LEAK).encode(),
    "python2_print": PY2_VIEWS.encode(),
    "python2_except_comma": PY2_EXCEPT.encode(),
    "python2_octal_backticks_exec": PY2_MISC.encode(),
    "nul_byte_in_comment": (LEAK + "# a NUL \x00 here\n").encode(),
    "nul_byte_in_string": (LEAK + "x = '\x00'\n").encode(),
    "utf16_without_cookie": LEAK.encode("utf-16"),
    "unterminated_triple_quote": (LEAK + 'x = """never closed\n').encode(),
    "trailing_backslash": (LEAK + "x = 1 + \\\n").encode(),
    "inconsistent_tabs": (LEAK + "if True:\n\tx = 1\n        y = 2\n").encode(),
    "too_many_parentheses": (LEAK + "x = " + "(" * 1000 + "1" + ")" * 1000 + "\n").encode(),
    "unclosed_bracket_at_eof": (LEAK + "x = [\n").encode(),
    "stray_indent": (LEAK + "   x = 1\n").encode(),
}


@pytest.mark.parametrize("case", sorted(UNPARSABLE))
def test_unparsable_input(case: str, batch: Batch) -> None:
    check_batch_case(batch, case, None)


def test_unparsable_input_exit_status(tmp_path: Path) -> None:
    assert_unparsable(write(tmp_path, "python2_print.py", UNPARSABLE["python2_print"]))


def test_syntax_error_exact_console_line(tmp_path: Path) -> None:
    write(tmp_path, "broken.py", "def broken(:\n    pass\n")
    only_rg = flake8("broken.py", cwd=tmp_path, select="RG")
    assert (only_rg.returncode, only_rg.stdout, only_rg.stderr) == (0, "", "")
    run = console("broken.py", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout == "broken.py:1:1: RG900 rosterguard could not analyse this file: syntax error at line 1: invalid syntax\n"


# -- Python 3.10–3.14 syntax ----------------------------------------------------------------------


@dataclass(frozen=True)
class Modern:
    since: tuple[int, int]
    snippet: str
    # findings beyond LEAK's, on an interpreter that parses the snippet
    findings: frozenset[tuple[int, str]] = field(default_factory=frozenset)


MODERN: dict[str, Modern] = {
    "match_statement": Modern((3, 10), '''

@app.get("/matched/<kind>")
def matched(kind):
    match kind:
        case "all":
            return jsonify([c.email for c in Customer.query.all()])
        case {"id": ident, **rest} if ident:
            return jsonify([])
        case [first, *others]:
            return jsonify([])
        case Customer(name=name) | None:
            return jsonify([])
        case _:
            return jsonify([])
''', frozenset({(13, "RG101")})),
    "except_star": Modern((3, 11), '''

@app.get("/groups")
def groups():
    try:
        rows = Customer.query.all()
    except* ValueError:
        raise
    return jsonify([c.email for c in rows])
''', frozenset({(13, "RG101")})),
    "pep695_type_parameters": Modern((3, 12), '''

@app.get("/typed")
def typed[T: (str, bytes), *Ts, **P](value: T) -> list[T]:
    return jsonify([c.email for c in Customer.query.all()])


class Box[T]:
    def get(self) -> T: ...
''', frozenset({(13, "RG101")})),
    "pep695_type_statement": Modern((3, 12), '''
type CustomerRows = list[dict[str, str]]
type Pair[K, V] = tuple[K, V]
'''),
    "pep701_fstrings": Modern((3, 12), '''

@app.get("/greeting")
def greeting():
    names = [c.email for c in Customer.query.all()]
    title = f"{", ".join(names)} and {f"{f"{names[0]}"}"} {
        names[0]  # a comment inside the replacement field
    } {'\\n'.join(names)}"
    return jsonify(names)
''', frozenset({(13, "RG101")})),
    "pep696_type_parameter_defaults": Modern((3, 13), '''
def first[T = int](items: list[T]) -> T:
    return items[0]
'''),
    "pep750_template_strings": Modern((3, 14), '''

@app.get("/template")
def template():
    name = "world"
    return t"hello {name!r:>10} {f"{name}"}"
'''),
    "pep758_except_without_parentheses": Modern((3, 14), '''
try:
    pass
except ValueError, TypeError:
    pass
'''),
}


def _parses(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except SyntaxError:
        return False
    return True


@pytest.mark.parametrize("case", sorted(MODERN))
def test_modern_syntax(case: str, batch: Batch) -> None:
    modern = MODERN[case]
    supported = sys.version_info >= modern.since
    assert _parses(LEAK + modern.snippet) == supported, f"{case} should parse exactly from Python {modern.since}"
    check_batch_case(batch, case, LEAK_FINDINGS | modern.findings if supported else None)


# -- size and depth -------------------------------------------------------------------------------


def _big_module(target_lines: int) -> tuple[str, set[tuple[int, str]]]:
    parts = ["from flask import Flask, jsonify\nfrom flask_login import login_required\nfrom shop.models import Customer\n\napp = Flask(__name__)\n"]
    expected: set[tuple[int, str]] = set()
    line = 5
    index = 0
    while line + 40 < target_lines:
        block = f'''

@app.get("/customers/{index}")
def customers_{index}():
    return jsonify([c.email for c in Customer.query.all()])


@app.get("/mine/{index}")
@login_required
def mine_{index}(user):
    return jsonify([c.email for c in Customer.query.filter_by(owner=user)])


def helper_{index}(values):
    total = 0
    for value in values:
        if value > {index}:
            total += value
        elif value < 0:
            total -= value
        else:
            total = total * 2
    return total


CONSTANT_{index} = {{"name": "c{index}", "values": [1, 2, 3], "nested": {{"k": ({index}, "v")}}}}
'''
        expected.add((line + 4, "RG101"))
        expected.add((line + 10, "RG201"))
        parts.append(block)
        line += block.count("\n")
        index += 1
    parts.append("\n" * (target_lines - line))
    return "".join(parts), expected


def test_fifty_thousand_line_module(tmp_path: Path) -> None:
    source, expected = _big_module(50_000)
    assert source.count("\n") == 50_000
    assert_analysed(write(tmp_path, "huge.py", source), expected)


def test_ten_megabyte_string_literal(tmp_path: Path) -> None:
    source = LEAK + '\nBIG = "' + "customer " * (10 * 1024 * 1024 // 9) + '"\n'
    assert len(source) > 10 * 1024 * 1024
    assert_analysed(write(tmp_path, "big_string.py", source), LEAK_FINDINGS)


def test_large_sql_literal_in_an_endpoint_finishes(tmp_path: Path) -> None:
    """Raw SQL is scanned with regular expressions: a large statement must not make them backtrack for ever."""
    sql = "SELECT " * 40_000 + "1"
    source = LEAK + f'\n\n@app.get("/raw")\ndef raw():\n    return jsonify(cursor.execute("{sql}").fetchall())\n'
    path = write(tmp_path, "big_sql.py", source)
    try:
        run = console(path.name, cwd=tmp_path, timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail("rosterguard check did not finish within 15 s on a 280 kB SQL literal (regex backtracking)")
    assert_clean(run)
    assert pairs(run) >= LEAK_FINDINGS


DEEP = {
    "binop": "request.args + " * 1000 + "request.args",
    "unary_not": "not " * 1000 + "request",
    "attribute_chain": "request" + ".a" * 1000,
    "subscript_chain": "request" + "[0]" * 1000,
    "call_chain": "request" + "()" * 1000,
    "elif_chain": None,
}


def _deep_source(shape: str) -> str:
    if shape == "elif_chain":
        branches = "".join(f"    elif request.args == {i}:\n        return {i}\n" for i in range(1, 1000))
        return LEAK + f"\n\n@app.get('/deep')\ndef deep():\n    if request.args == 0:\n        return 0\n{branches}"
    return LEAK + f"\n\n@app.get('/deep')\ndef deep():\n    return {DEEP[shape]}\n"


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_nested_a_thousand_levels_deep(shape: str, tmp_path: Path) -> None:
    """RecursionError becomes one RG900 in the plugin; flake8 and the console script never show a traceback."""
    source = _deep_source(shape)
    try:
        tree = ast.parse(source)
    except (RecursionError, MemoryError, SyntaxError):
        pytest.skip("this interpreter cannot build the tree; flake8 reports it itself")
    results = [message for _, _, message, _ in Plugin(tree, source.splitlines(keepends=True), str(tmp_path / "deep.py")).run()]
    assert len([m for m in results if m.startswith("RG900")]) <= 1, results
    assert all("internal error" not in m for m in results), results

    path = write(tmp_path, "deep.py", source)
    by_console = console(path.name, cwd=tmp_path)
    assert_clean(by_console)
    assert by_console.stderr == ""
    assert len([line for line in by_console.lines if " RG900 " in line]) <= 1
    by_flake8 = flake8(path.name, cwd=tmp_path)
    assert "Traceback" not in by_flake8.stderr, by_flake8.stderr
    # rosterguard runs before pyflakes; pyflakes itself may give up on such a tree, which
    # flake8 reports (on stdout) as pyflakes' failure. rosterguard must never be the one that failed.
    everything = by_flake8.stdout + by_flake8.stderr
    assert "rosterguard[RG]" not in everything and "Traceback" not in everything, everything
    if '"pyflakes[F]" failed during execution' in everything:
        assert by_flake8.returncode == 1
    else:
        assert sorted(by_flake8.lines) == sorted(by_console.lines)


def test_long_flat_function_is_not_too_deep(tmp_path: Path) -> None:
    """Three hundred optional filters in a search view: long, not nested. It is analysed, not RG900."""
    filters = "".join(f"    if request.args.get('f{i}'):\n        rows = rows.filter(f{i}=1)\n" for i in range(300))
    source = LEAK + f"\n\n@app.get('/search')\ndef search():\n    rows = Customer.query\n{filters}    return jsonify([c.email for c in rows])\n"
    assert_analysed(write(tmp_path, "search_view.py", source), LEAK_FINDINGS | {(13, "RG101")})


ODD_FRAMEWORK_CODE = '''from flask import Flask, Blueprint, jsonify
from django.urls import path
from rest_framework.views import APIView
from rest_framework.permissions import AllowAny
from shop.models import Customer

app = Flask()
bp = Blueprint(url_prefix=PREFIX)
urlpatterns = [path(), path("x/"), 3, None, *more, path("c/", CustomerView.as_view())]
urlpatterns += path("y/", customers)
REST_FRAMEWORK = {**BASE, 1: 2, "DEFAULT_PERMISSION_CLASSES": None}
app.add_url_rule()
app.add_url_rule(view_func=lambda: Customer.query.all())
app.register_blueprint()
app.include_router()
app.before_request()


@app.route()
@app.route(*ROUTES, **OPTIONS)
@app.route(123, methods="GET")
@(lambda f: f)
@decorators[0].x
def customers(*args, **kwargs):
    return jsonify([c.email for c in Customer.query.all()])


class CustomerView(*BASES, APIView, metaclass=Meta):
    permission_classes = AllowAny
    queryset = None
    decorators = login_required

    @app.route("/inside-a-class")
    def get(self, request, /, *args, **kwargs):
        (rows := Customer.objects.all())
        return rows


def factory():
    @app.get(f"/{VERSION}")
    async def inner():
        return [c async for c in Customer.objects.all()]
    return inner
'''


def test_framework_code_with_crash_inducing_constructs(tmp_path: Path) -> None:
    """Odd-but-valid framework code, then the same code with a 1,000-deep expression: no crash either way."""
    path = write(tmp_path, "odd.py", ODD_FRAMEWORK_CODE)
    tree = ast.parse(ODD_FRAMEWORK_CODE)
    results = [message for _, _, message, _ in Plugin(tree, ODD_FRAMEWORK_CODE.splitlines(keepends=True), str(path)).run()]
    assert not [m for m in results if m.startswith("RG900")], results
    by_flake8 = flake8(path.name, cwd=tmp_path)
    assert by_flake8.stderr == ""
    assert "RG900" not in by_flake8.stdout
    assert console(path.name, cwd=tmp_path).stdout == by_flake8.stdout

    plain = results
    for where, deep in (
        ("module", ODD_FRAMEWORK_CODE + "\nDEEP = " + "request + " * 1000 + "request\n"),
        ("endpoint", ODD_FRAMEWORK_CODE.replace("        return rows\n", "        return rows + " + "request + " * 1000 + "request\n")),
    ):
        tree = ast.parse(deep)
        results = [message for _, _, message, _ in Plugin(tree, deep.splitlines(keepends=True), str(path)).run()]
        nested = ["RG900 rosterguard could not analyse this file: the code is nested too deeply to analyse"]
        assert results in (plain, nested), (where, results)
        write(tmp_path, "odd.py", deep)
        by_console = console(path.name, cwd=tmp_path)
        assert by_console.stderr == ""
        assert by_console.returncode == 1
        assert [line.split(": ", 1)[1] for line in by_console.lines] == results, where


# -- the rest of the project ----------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_named_like_a_module_elsewhere_in_the_project(tmp_path: Path) -> None:
    """Checking one file reads its project for cross-file facts; a FIFO ``*.py`` there must not block the run."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    write(tmp_path, "views.py", LEAK)
    (tmp_path / "pipes").mkdir()
    os.mkfifo(tmp_path / "pipes" / "feed.py")
    for name, run in (("flake8", flake8), ("rosterguard check", console)):
        try:
            result = run("views.py", cwd=tmp_path, timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{name} views.py blocked reading pipes/feed.py, a FIFO")
        assert pairs(result) == LEAK_FINDINGS, result.stdout + result.stderr


def test_odd_siblings_in_the_project(tmp_path: Path) -> None:
    """Broken symlinks, directories named like modules, binary, deep and huge siblings: the file is still analysed."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    write(tmp_path, "views.py", LEAK)
    (tmp_path / "broken.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "package.py").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path)
    write(tmp_path, "binary.py", b"\xff\xfe\x00\x01garbage")
    write(tmp_path, "deep.py", LEAK + "\n\n@app.get('/d')\ndef d():\n    return " + "request + " * 1000 + "request\n")
    write(tmp_path, "huge.py", "from flask import request\nX = '" + "a" * 3_000_000 + "'\n")
    write(tmp_path, "broken_syntax.py", "from flask import request\ndef broken(:\n")
    assert_analysed(tmp_path / "views.py", LEAK_FINDINGS)


# -- paths the console script is given ------------------------------------------------------------


def test_console_script_missing_path_is_one_line(tmp_path: Path) -> None:
    run = console("does_not_exist.py", cwd=tmp_path)
    assert_clean(run)
    assert run.returncode != 0
    assert len((run.stdout + run.stderr).splitlines()) == 1, run.stdout + run.stderr
    assert "does_not_exist.py" in run.stdout + run.stderr


def test_console_script_directory_with_odd_files(tmp_path: Path) -> None:
    """A tree mixing every odd file: the console script prints what flake8 prints for RG."""
    for case, (content, _) in PARSEABLE.items():
        write(tmp_path, f"{case}.py", content)
    (tmp_path / "not_python.txt").write_bytes(b"\x00\x01 binary")
    (tmp_path / "looks_like_a_module.py").mkdir()
    by_flake8 = flake8(".", cwd=tmp_path, select="RG")
    by_console = console(".", cwd=tmp_path)
    assert_clean(by_console)
    assert by_flake8.stderr == ""
    assert sorted(by_console.lines) == sorted(by_flake8.lines)
    assert by_console.returncode == by_flake8.returncode == 1
