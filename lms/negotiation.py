"""Content negotiation shared by the views: does this request want JSON?"""
from __future__ import annotations

from flask import request


def wants_json() -> bool:
    """True when the client prefers application/json (Accept header), or asks for a .json URL."""
    return request.accept_mimetypes.best == "application/json" or request.path.endswith(".json")
