"""Framework models; ``FRAMEWORKS`` is the only registry the analysis reads."""

from rosterguard.frameworks.aiohttp import AIOHTTP
from rosterguard.frameworks.base import FrameworkModel
from rosterguard.frameworks.bottle import BOTTLE
from rosterguard.frameworks.django import DJANGO
from rosterguard.frameworks.django_ninja import DJANGO_NINJA
from rosterguard.frameworks.drf import DRF
from rosterguard.frameworks.falcon import FALCON
from rosterguard.frameworks.fastapi import FASTAPI
from rosterguard.frameworks.flask import FLASK
from rosterguard.frameworks.flask_appbuilder import FLASK_APPBUILDER
from rosterguard.frameworks.flask_restful import FLASK_RESTFUL
from rosterguard.frameworks.graphql import GRAPHQL
from rosterguard.frameworks.litestar import LITESTAR
from rosterguard.frameworks.pyramid import PYRAMID
from rosterguard.frameworks.quart import QUART
from rosterguard.frameworks.sanic import SANIC
from rosterguard.frameworks.starlette import STARLETTE
from rosterguard.frameworks.tornado import TORNADO

FRAMEWORKS: tuple[FrameworkModel, ...] = (
    QUART,
    SANIC,
    BOTTLE,
    FLASK_RESTFUL,
    FLASK_APPBUILDER,
    FLASK,
    FASTAPI,
    DJANGO,
    DRF,
    STARLETTE,
    TORNADO,
    LITESTAR,
    FALCON,
    DJANGO_NINJA,
    PYRAMID,
    GRAPHQL,
    AIOHTTP,
)

__all__ = ["FRAMEWORKS", "FrameworkModel"]
