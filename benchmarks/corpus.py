"""The trees the benchmark runs on: the corpus applications, deterministic subsets, hostile files."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path.home() / ".cache" / "rosterguard-corpus"
DEFAULT_FETCH_SCRIPT = REPOSITORY / "benchmarks" / "corpus" / "fetch.sh"
SMALL_APPS = ("flask-appbuilder", "django-oscar")  # --quick: the two smallest (21 k and 43 k lines)


@dataclass(frozen=True, slots=True)
class Tree:
    name: str
    path: Path
    files: int
    lines: int


def python_files(root: Path) -> list[Path]:
    """Every .py file under root, sorted by relative path (the order subsets are taken from)."""
    found = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith(".rosterguard_cache"))
        found.extend(Path(directory, f) for f in files if f.endswith(".py"))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def count_lines(files: list[Path]) -> int:
    return sum(path.read_bytes().count(b"\n") for path in files)


def describe(name: str, path: Path) -> Tree:
    files = python_files(path)
    return Tree(name, path, len(files), count_lines(files))


def pinned_apps(fetch_script: Path) -> list[str]:
    apps_file = fetch_script.parent / "apps.txt"
    if not apps_file.is_file():
        return []
    names = []
    for line in apps_file.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line.split()[0].split("==")[0])
    return names


def ensure_apps(wanted: list[str], corpus: Path, fetch_script: Path, log) -> list[str]:  # type: ignore[no-untyped-def]
    """The wanted applications present in the corpus, fetching the missing ones if we can."""

    def present(name: str) -> bool:
        directory = corpus / name
        return directory.is_dir() and any(directory.iterdir())

    missing = [name for name in wanted if not present(name)]
    if missing:
        if fetch_script.is_file():
            log(f"fetching missing corpus applications {', '.join(missing)} with {fetch_script} ...")
            subprocess.run(["bash", str(fetch_script), str(corpus)], check=False)
        still = [name for name in missing if not present(name)]
        if still:
            raise SystemExit(
                f"corpus applications missing from {corpus}: {', '.join(still)}\n"
                f"get them with: bash {fetch_script} {corpus}\n"
                "(the script downloads the pinned wheels of benchmarks/corpus/apps.txt from PyPI)"
            )
    return wanted


def subset(apps: list[Tree], fraction: str, work: Path) -> list[Tree]:
    """Every 4th ('quarter') or 2nd ('half') file of each app's sorted list, copied (not linked:
    rosterguard resolves real paths to find the project root, a symlink would lead back to the
    full application)."""
    step = {"quarter": 4, "half": 2}[fraction]
    result = []
    for app in apps:
        files = python_files(app.path)[::step]
        target = work / "subsets" / fraction / app.name
        marker = target / ".subset-manifest"
        manifest = "\n".join(p.relative_to(app.path).as_posix() for p in files)
        if not (marker.is_file() and marker.read_text() == manifest):
            shutil.rmtree(target, ignore_errors=True)
            for path in files:
                destination = target / path.relative_to(app.path)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
            target.mkdir(parents=True, exist_ok=True)
            marker.write_text(manifest)
        result.append(Tree(app.name, target, len(files), count_lines(files)))
    return result


_BIG_HEADER = '''"""Generated: a 50,000-line Flask module (benchmarks/corpus.py)."""
from flask import Flask, jsonify
from flask_login import login_required

from models import Customer

app = Flask(__name__)
'''

_BIG_BLOCK = '''

@app.route("/customers/{i}")
{guard}def customers_{i}():
    rows = Customer.query.filter_by(active=True).all()
    return jsonify([row.name for row in rows])


def helper_{i}(value):
    return value + {i}
'''

_DEEP_HEAD = '''"""Generated: an expression nested {depth} levels deep (benchmarks/corpus.py)."""
from flask import Flask, jsonify

from models import Customer

app = Flask(__name__)


@app.route("/deep")
def deep():
'''


def hostile_files(work: Path, lines: int = 50_000, depth: int = 1_000) -> list[Tree]:
    """The issue-6 sizes: a 50,000-line module; expressions nested 1,000 deep. Parentheses
    cannot be nested that deep in CPython (the tokenizer stops at 200), so the depth comes
    from an operator chain (a BinOp tree) and from an attribute chain (an Attribute tree)."""
    directory = work / "hostile"
    directory.mkdir(parents=True, exist_ok=True)
    big = [_BIG_HEADER]
    total = _BIG_HEADER.count("\n")
    i = 0
    while True:
        block = _BIG_BLOCK.format(i=i, guard="@login_required\n" if i % 2 else "")
        if total + block.count("\n") > lines:
            break
        big.append(block)
        total += block.count("\n")
        i += 1
    big.append("\n" * (lines - total))
    sources = {
        "module_50k_lines.py": "".join(big),
        "nested_1000_binop.py": _DEEP_HEAD.format(depth=depth) + "    total = Customer.query.count()" + " + 1" * depth + "\n    return jsonify(total)\n",
        "nested_1000_attribute.py": _DEEP_HEAD.format(depth=depth) + "    rows = Customer" + ".query" * depth + ".all()\n    return jsonify(rows)\n",
    }
    trees = []
    for name, text in sources.items():
        path = directory / name
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
        trees.append(Tree(name, path, 1, text.count("\n")))
    return trees


SEMGREP_PROBE = '''from flask import Flask, jsonify
from rest_framework.views import APIView

app = Flask(__name__)


@app.route("/customers")
def customers():
    return jsonify([c.name for c in Customer.query.all()])


class Open(APIView):
    def get(self, request):
        return Response(Customer.objects.all())
'''


def semgrep_probe(work: Path) -> Path:
    directory = work / "semgrep-probe"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "probe.py").write_text(SEMGREP_PROBE)
    return directory
