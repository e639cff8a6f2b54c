"""`veille serve`: FastAPI app with the JSON API and the server-rendered web UI."""

from .app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]
