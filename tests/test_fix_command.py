"""``rosterguard fix`` as a command: safe fixes only unless ``--unsafe``, a diff that ``patch``
applies, files kept in their encoding and line endings, unparsable files left alone with one
message, and ``--apply`` replacing each file in one rename."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_fix_fixtures import copy_case, sources

from rosterguard.cli import main


def test_without_unsafe_only_safe_fixes_are_made(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    safe, unsafe = copy_case("misplaced_guards", tmp_path), copy_case("drf_views", tmp_path)
    before_safe, before_unsafe = sources(safe), sources(unsafe)
    assert main(["fix", "--apply", str(safe), str(unsafe)]) == 1
    err = capsys.readouterr().err
    assert sources(unsafe) == before_unsafe
    assert {path for path in before_safe if sources(safe)[path] != before_safe[path]} == {
        "flask_app.py",
        "quart_app.py",
        "fastapi_app.py",
        "sanic_app.py",
        "bottle_app.py",
        "drf_actions.py",
    }
    assert "RG101 with --unsafe: use permission_classes = [IsOrgAdmin]" in err
    assert "7 more with --unsafe" in err


def test_the_diff_is_what_apply_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown, applied = copy_case("drf_views", tmp_path / "shown"), copy_case("drf_views", tmp_path / "applied")
    before = sources(shown)
    monkeypatch.chdir(shown)
    assert main(["fix", "--unsafe", "."]) == 1
    diff = capsys.readouterr().out
    assert sources(shown) == before, "without --apply nothing is written"
    patched = subprocess.run(
        ["patch", "-p1", "-d", str(shown)], input=diff, capture_output=True, text=True, check=False
    )
    assert patched.returncode == 0, patched.stdout + patched.stderr
    main(["fix", "--unsafe", "--apply", str(applied)])
    assert sources(shown) == sources(applied) != before


@pytest.mark.parametrize(
    ("encoding", "newline", "bom"),
    [("latin-1", "\r\n", b""), ("utf-8", "\r\n", b"\xef\xbb\xbf"), ("cp1252", "\n", b"")],
)
def test_encoding_bom_and_line_endings_are_kept(
    tmp_path: Path, encoding: str, newline: str, bom: bytes
) -> None:
    root = copy_case("flask_no_roles", tmp_path)
    app = root / "app.py"
    text = app.read_text(encoding="utf-8").replace("A small Flask app", "A small Flask app (café, naïve)")
    cookie = "" if bom else f"# -*- coding: {encoding} -*-\n"
    app.write_bytes(bom + (cookie + text).replace("\n", newline).encode(encoding))
    original = app.read_bytes()
    main(["fix", "--apply", "--unsafe", str(root)])
    data = app.read_bytes()
    assert data.startswith(bom) and data != original
    decoded = data[len(bom) :].decode(encoding)
    assert "(café, naïve)" in decoded
    others = decoded.replace(newline, "")
    assert "\n" not in others and "\r" not in others, "a line ending that is not the file's own"
    assert decoded.count(newline) == original[len(bom) :].decode(encoding).count(newline) + 2


def test_a_file_libcst_would_not_write_back_unchanged_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_case("flask_no_roles", tmp_path)
    app = root / "app.py"
    app.write_bytes(app.read_bytes().replace(b"\n", b"\r"))
    before = sources(root)
    assert main(["fix", "--apply", "--unsafe", str(root)]) == 1
    assert "app.py: left alone: libcst would not write it back unchanged" in capsys.readouterr().err
    assert sources(root) == before


def test_a_file_that_does_not_parse_is_left_alone_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_case("flask_no_roles", tmp_path)
    broken = root / "broken.py"
    broken.write_text("from flask import Flask\napp = Flask(__name__)\n\n@app.get('/x')\ndef x(:\n    pass\n")
    before = sources(root)
    assert main(["fix", "--apply", "--unsafe", str(broken)]) == 1
    messages = [line for line in capsys.readouterr().err.splitlines() if "broken.py" in line]
    assert len(messages) == 1
    assert "broken.py: left alone: it does not parse (parser error: " in messages[0]
    assert sources(root) == before


def test_apply_writes_a_temporary_file_and_renames_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_case("flask_no_roles", tmp_path)
    app = root / "app.py"
    original = app.read_bytes()
    app.chmod(0o640)
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def watched(source: str, target: str) -> None:
        assert Path(target).read_bytes() == original, "the file changed before the rename"
        assert Path(source).parent == app.parent and Path(source).read_bytes() != original
        renames.append((source, target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", watched)
    main(["fix", "--apply", "--unsafe", str(root)])
    assert [Path(target) for _, target in renames] == [app]
    assert app.read_bytes() != original and app.stat().st_mode & 0o777 == 0o640
    assert not [p.name for p in root.iterdir() if p.name.startswith(".app.py")], "a temporary file is left"


def test_a_failed_write_leaves_the_file_whole_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_case("flask_no_roles", tmp_path)
    original = (root / "app.py").read_bytes()

    def full_disk(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert main(["fix", "--apply", "--unsafe", str(root)]) == 2
    assert capsys.readouterr().err.endswith("rosterguard: [Errno 28] No space left on device\n")
    assert (root / "app.py").read_bytes() == original
    assert not [p.name for p in root.iterdir() if p.name.startswith(".app.py")], "a temporary file is left"


def test_the_console_script_fixes_in_a_process_of_its_own(tmp_path: Path) -> None:
    root = copy_case("misplaced_guards", tmp_path)
    command = [sys.executable, "-m", "rosterguard.cli", "fix", "--apply", "."]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--- a/bottle_app.py\n+++ b/bottle_app.py\n")
    assert result.stderr.endswith("rosterguard: fixes made in 6 files\n")
