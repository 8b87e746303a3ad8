"""Framework models; ``FRAMEWORKS`` is the only registry the analysis reads."""

from rosterguard.frameworks.base import FrameworkModel
from rosterguard.frameworks.django import DJANGO
from rosterguard.frameworks.drf import DRF
from rosterguard.frameworks.fastapi import FASTAPI
from rosterguard.frameworks.flask import FLASK

FRAMEWORKS: tuple[FrameworkModel, ...] = (FLASK, FASTAPI, DJANGO, DRF)

__all__ = ["FRAMEWORKS", "FrameworkModel"]
