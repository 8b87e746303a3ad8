"""Run flake8 with some installed checker plugins left out, as if they were not installed.

Usage: python benchmarks/flake8_plugins.py (--drop=RG | --keep=RG) -- FLAKE8 ARGUMENTS...

Why: flake8 runs every installed checker plugin whatever ``--select`` says; selection only
filters the reports (``flake8/plugins/finder.py::_classify_plugins`` disables a plugin only when
it is ``off_by_default``). So with rosterguard installed, ``flake8 --select=E,W,F`` still runs
rosterguard, and ``flake8 --select=RG`` still runs pycodestyle and pyflakes. To measure what a
user pays for installing rosterguard, the baseline must be flake8 *without* rosterguard, and
"rosterguard vs pyflakes" must load one plugin each. ``--drop`` removes the named checker
entry points (``RG``, ``F``, ``E``, ``W``, ``C90``), ``--keep`` removes every other checker.
Report formatters are always kept. Nothing else about flake8 changes; with ``--jobs`` > 1 the
forked workers inherit the same plugin list.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    own, flake8_arguments = argv[:split], argv[split + 1 :]
    drop: set[str] | None = None
    keep: set[str] | None = None
    for argument in own:
        name, _, value = argument.partition("=")
        codes = {code.strip() for code in value.split(",") if code.strip()}
        if name == "--drop":
            drop = codes
        elif name == "--keep":
            keep = codes
        else:
            print(f"flake8_plugins.py: unknown option {argument}", file=sys.stderr)
            return 2
    if (drop is None) == (keep is None):
        print("flake8_plugins.py: give exactly one of --drop=CODES or --keep=CODES", file=sys.stderr)
        return 2

    from flake8.main import cli
    from flake8.plugins import finder

    def wanted(name: str) -> bool:
        return name not in drop if drop is not None else name in keep  # type: ignore[operator]

    original = finder._find_importlib_plugins

    def filtered():  # type: ignore[no-untyped-def]
        for plugin in original():
            if plugin.entry_point.group != "flake8.extension" or wanted(plugin.entry_point.name):
                yield plugin

    finder._find_importlib_plugins = filtered
    return int(cli.main(flake8_arguments))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
