"""rosterguard reads code and never runs it, and imports no web framework to do so.

``fixtures/never_execute/`` is a Flask/Django package whose import has visible effects: its
module bodies, class bodies, decorators and default arguments create ``PWNED-*`` files in
``$ROSTERGUARD_SIDE_EFFECT_DIR``, connect to ``127.0.0.1:$ROSTERGUARD_SIDE_EFFECT_PORT``, set
``$ROSTERGUARD_WAS_IMPORTED``, print ``PWNED`` lines and run a subprocess. The tests point
those at a temporary directory and a listening socket of their own, run real flake8 (serial
and with worker processes) and the console script over the package, and check that the
findings are reported while none of the effects happened.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

PACKAGE = FIXTURES / "never_execute"
_SCRIPT = Path(sys.executable).with_name("rosterguard")
CONSOLE = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "rosterguard.cli"]

FRAMEWORKS = (
    "flask", "flask_login", "flask_sqlalchemy", "werkzeug", "django", "rest_framework", "fastapi", "starlette",
    "sqlalchemy", "sqlmodel", "pydantic", "ninja", "quart", "tornado", "aiohttp", "sanic", "litestar", "falcon",
    "pyramid", "bottle", "graphene", "strawberry", "ariadne", "peewee", "tortoise", "jinja2",
)
ANALYSED = ("never_execute", "portal", "crm_views", "models", "_effects", "fixtures")


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    try:
        yield server
    finally:
        server.close()


def _environment(effects: Path, server: socket.socket) -> dict[str, str]:
    environment = dict(os.environ)
    environment["ROSTERGUARD_SIDE_EFFECT_DIR"] = str(effects)
    environment["ROSTERGUARD_SIDE_EFFECT_PORT"] = str(server.getsockname()[1])
    environment.pop("ROSTERGUARD_WAS_IMPORTED", None)
    return environment


def _assert_no_effects(effects: Path, server: socket.socket, *outputs: str) -> None:
    assert sorted(p.name for p in effects.iterdir()) == [], "the analysed code ran: it created files"
    try:
        connection, _ = server.accept()
    except TimeoutError:
        pass
    else:
        received = connection.recv(100)
        connection.close()
        pytest.fail(f"the analysed code ran: it connected to the test's socket and sent {received!r}")
    for output in outputs:
        assert "PWNED" not in output, output


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["-m", "flake8", "--select=RG", "--jobs=1"], id="flake8-serial"),
        pytest.param(["-m", "flake8", "--select=RG", "--jobs=2"], id="flake8-workers"),
        pytest.param(["-m", "flake8", "--select=RG", "--jobs=2", "--stdin-display-name=portal.py", "-"], id="flake8-stdin"),
        pytest.param(None, id="console-script"),
    ],
)
def test_analysing_the_package_runs_none_of_it(command: list[str] | None, tmp_path: Path, listener: socket.socket) -> None:
    effects = tmp_path / "effects"
    effects.mkdir()
    stdin = None
    if command is None:
        argv = [*CONSOLE, "check", str(PACKAGE)]
    elif command[-1] == "-":
        argv = [sys.executable, *command]
        stdin = (PACKAGE / "portal.py").read_text()
    else:
        argv = [sys.executable, *command, str(PACKAGE)]
    result = subprocess.run(argv, cwd=tmp_path, env=_environment(effects, listener), input=stdin, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    _assert_no_effects(effects, listener, result.stdout, result.stderr)
    # ... and it was analysed: the public customer list is reported.
    assert "RG101 public endpoint 'partner_customers' (GET /partners/customers)" in result.stdout, result.stdout


_PROBE = textwrap.dedent(
    """
    import ast, json, os, sys

    attempts = []

    class Spy:
        '''Records every import the process attempts from now on (it finds nothing itself).'''

        def find_spec(self, name, path=None, target=None):
            attempts.append(name)
            return None

    sys.meta_path.insert(0, Spy())
    events = []

    def audit(event, arguments):
        if event.startswith(("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork")):
            events.append(event)
        elif event == "exec":
            code = arguments[0]
            constants = repr(getattr(code, "co_consts", ()))
            if "PWNED" in constants or "side effect" in constants or getattr(code, "co_filename", "") in FILES:
                events.append("exec of analysed code")

    FILES = set(sys.argv[1:])
    sys.addaudithook(audit)

    from rosterguard.flake8_plugin import Plugin

    for filename in sorted(FILES):
        source = open(filename, encoding="utf-8").read()
        tree = ast.parse(source)
        findings = list(Plugin(tree, source.splitlines(keepends=True), filename).run())

    from flake8.main.application import Application

    application = Application()
    application.run(["--select=RG", "--jobs=1", "--output-file", os.devnull, *sorted(FILES)])

    print(json.dumps({
        "modules": sorted(sys.modules),
        "attempts": sorted(set(attempts)),
        "events": events,
        "environment": os.environ.get("ROSTERGUARD_WAS_IMPORTED"),
        "errors": application.result_count,
    }))
    """
)


def _probe(files: list[Path], tmp_path: Path, server: socket.socket) -> dict[str, object]:
    effects = tmp_path / "effects"
    effects.mkdir(exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *map(str, files)],
        cwd=tmp_path, env=_environment(effects, server), capture_output=True, text=True, check=False, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    _assert_no_effects(effects, server, result.stdout, result.stderr)
    report: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return report


def _roots(names: object) -> set[str]:
    assert isinstance(names, list)
    return {name.split(".")[0] for name in names}


def test_no_framework_and_no_analysed_module_is_imported(tmp_path: Path, listener: socket.socket) -> None:
    """The plugin, and flake8 running it in-process, over the side-effect package and every framework fixture."""
    files = sorted(PACKAGE.glob("*.py")) + sorted(p for p in FIXTURES.rglob("*.py") if p.parent != PACKAGE)
    report = _probe(files, tmp_path, listener)
    assert report["environment"] is None, "the analysed code ran: it set ROSTERGUARD_WAS_IMPORTED"
    assert report["events"] == [], report["events"]
    assert report["errors"], "flake8 reported nothing: the probe did not analyse the fixtures"
    for label in ("modules", "attempts"):
        roots = _roots(report[label])
        assert not roots & set(FRAMEWORKS), f"{label}: {sorted(roots & set(FRAMEWORKS))}"
        assert not roots & set(ANALYSED), f"{label}: {sorted(roots & set(ANALYSED))}"


def test_the_package_would_have_run_its_effects(tmp_path: Path, listener: socket.socket) -> None:
    """Control: the fixture's effects are real and observable, so their absence above means something."""
    effects = tmp_path / "effects"
    effects.mkdir()
    code = f"import sys; sys.path.insert(0, {str(FIXTURES)!r}); import never_execute._effects"
    result = subprocess.run([sys.executable, "-c", code], env=_environment(effects, listener), capture_output=True, text=True, check=False, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in effects.iterdir()} == {"PWNED-package-__init__", "PWNED-_effects-module"}
    assert "PWNED" in result.stdout
    connection, _ = listener.accept()
    assert connection.recv(100).startswith(b"PWNED")
    connection.close()
