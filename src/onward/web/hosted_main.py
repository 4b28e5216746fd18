"""The app factory uvicorn's worker processes call in hosted mode (settings from env)."""

from __future__ import annotations

from fastapi import FastAPI

from onward.config import Settings
from onward.web.app import create_app


def build() -> FastAPI:
    return create_app(Settings(hosted=True))
