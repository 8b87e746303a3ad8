"""Where a project starts, which files belong to it, and the dotted name of each module."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

_INTERPRETER_LIBRARY = re.compile(r"(pypy|python)\d+(\.\d+)?t?")
ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "manage.py", ".git", ".hg")
_SCRIPT_MARKERS = frozenset({"setup.py", "manage.py"})
# Directories that hold no project code: environments, build output, caches, vendored packages.
SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "env",
        ".env",
        "node_modules",
        "__pycache__",
        "build",
        "dist",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".rosterguard_cache",
        ".eggs",
    }
)


def find_root(start: Path, trees: Sequence[Path] = ()) -> Path:
    """The nearest directory at or above ``start`` that is a project root (``is_project_root``).

    Without one (an unpacked wheel, a bare checkout), the checked directory that holds
    ``start`` (the outermost of ``trees``, resolved), else ``start``'s own directory, climbing
    over packages to where ``import`` would find them: one project, not one per directory.
    """
    start = start.absolute()  # ``real_directory`` caches by path: "." must not mean one directory forever
    directory = real_directory(start if start.is_dir() else start.parent)
    holding = [tree for tree in trees if tree == directory or tree in directory.parents]
    return _root_of(directory, min(holding, key=lambda tree: len(tree.parts), default=directory))


@lru_cache(maxsize=1024)
def real_directory(directory: Path) -> Path:
    """A directory with symbolic links resolved, once per directory rather than per file."""
    return directory.resolve()


@lru_cache(maxsize=1024)
def _root_of(directory: Path, boundary: Path) -> Path:
    for candidate in (directory, *directory.parents):
        if is_project_root(candidate):
            return candidate
    while (boundary / "__init__.py").exists() and boundary != boundary.parent:
        boundary = boundary.parent
    return boundary


def is_project_root(directory: Path) -> bool:
    """A directory holding a project marker. ``setup.py`` and ``manage.py`` count only outside
    packages: in ``shop/tests/manage.py`` (a test project) or ``shop/cli/setup.py`` they
    belong to the package around them, which must stay in its project's index."""
    markers = [marker for marker in ROOT_MARKERS if (directory / marker).exists()]
    if any(marker not in _SCRIPT_MARKERS for marker in markers):
        return True
    return bool(markers) and not any((d / "__init__.py").exists() for d in (directory, directory.parent))


def python_files(root: Path) -> Iterator[Path]:
    """Every ``.py`` file of the project at ``root``, in a stable order.

    Skips environments and caches, and nested projects (a directory with its own marker),
    whose settings and URL tables are theirs, not this project's.
    """
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if _belongs(Path(directory, d)))
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(directory, name)


def holds_no_project_code(name: str) -> bool:
    """An environment, cache or build directory, whatever project it sits in, or a project
    template (``{{cookiecutter.project_slug}}``, copier's ``{% if ... %}``): its files become
    code only once rendered, and its ``pyproject.toml`` need not even be TOML before that."""
    return name in SKIPPED_DIRECTORIES or name.endswith(".egg-info") or "{{" in name or "{%" in name


def _belongs(directory: Path) -> bool:
    name = directory.name
    if holds_no_project_code(name):
        return False
    if directory.parent.name == "lib" and _INTERPRETER_LIBRARY.fullmatch(name):
        return False  # ``lib/python3.12``: an installed interpreter's library, not the project
    return not is_project_root(directory)


def module_name(path: Path) -> str:
    """``src/shop/views.py`` → ``shop.views``: climb while the directory is a package."""
    path = path.absolute()
    package = _package(path.parent)
    if path.name == "__init__.py":
        return ".".join(package) or path.parent.name
    return ".".join((*package, path.stem))


@lru_cache(maxsize=4096)
def _package(directory: Path) -> tuple[str, ...]:
    """The dotted parts of the package a directory is (empty when it is not one)."""
    if not (directory / "__init__.py").exists() or directory == directory.parent:
        return ()
    return (*_package(directory.parent), directory.name)


def package_of(module: str, path: Path) -> str:
    """The package relative imports start from: the module itself for ``__init__.py``."""
    return module if path.name == "__init__.py" else module.rpartition(".")[0]
