"""rosterguard: find web endpoints that hand out the customer roster or usage figures."""

__version__ = "0.1.0"
