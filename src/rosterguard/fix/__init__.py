"""Format-preserving fixes for findings (``rosterguard fix``, ``check --add-noqa``), built with libcst.

Finding reads flake8's ``ast``; only these modules import libcst, and only the console script
imports them, so a flake8 run never pays for it.
"""
