"""The rate limiter: Flask-Limiter, minus its check of every request when there is nothing to check.

Flask-Limiter checks every request in a before-request hook for the limits that cover many pages (default,
application and meta limits, limits on a whole blueprint, in-memory fallback limits); a limit set on a view with
`@limiter.limit` (or `with limiter.limit(...)` inside it) is checked by the decorator, when the view runs. This app
sets no limit of the first kind, so that hook found nothing to count on any page and cost every page its time.
While none of those limits is configured, the hook (found as the one `init_app` adds to the app's public
`before_request_funcs`) now runs only for a page whose blueprint has a limit; checks made by decorators and
context managers do not go through it and are never skipped."""
from __future__ import annotations

import functools

import flask_limiter
from flask import Blueprint, Flask, request
from flask_limiter.constants import ConfigVars

# Settings that create limits checked before the view runs, on every page.
_WIDE_SETTINGS = (ConfigVars.DEFAULT_LIMITS, ConfigVars.APPLICATION_LIMITS, ConfigVars.META_LIMITS,
                  ConfigVars.IN_MEMORY_FALLBACK)
_WIDE_ARGUMENTS = ("default_limits", "application_limits", "meta_limits", "in_memory_fallback")


class Limiter(flask_limiter.Limiter):
    """flask_limiter.Limiter that skips its before-request check when no limit would be found by it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._wide_arguments = any(kwargs.get(name) for name in _WIDE_ARGUMENTS)
        self._limited_blueprints: set[str] = set()

    def init_app(self, app: Flask) -> None:
        """Initialise Flask-Limiter; with no wide limit configured, its before-request hook runs only for pages
        of a blueprint that has a limit."""
        before = list(app.before_request_funcs.get(None, ()))
        super().init_app(app)
        if self._wide_arguments or any(app.config.get(key) for key in _WIDE_SETTINGS):
            return
        hooks = app.before_request_funcs.get(None, [])
        for position, hook in enumerate(hooks):
            if hook not in before:
                hooks[position] = self._for_limited_blueprints(hook)

    def _for_limited_blueprints(self, hook):
        @functools.wraps(hook)
        def check_if_blueprint_limited():
            if self._limited_blueprints and not self._limited_blueprints.isdisjoint(request.blueprints):
                return hook()
            return None
        return check_if_blueprint_limited

    def limit(self, *args, **kwargs):
        """Flask-Limiter's `limit`, noting the blueprints it is applied to."""
        return _NotingBlueprints(super().limit(*args, **kwargs), self._limited_blueprints)

    def shared_limit(self, *args, **kwargs):
        """Flask-Limiter's `shared_limit`, noting the blueprints it is applied to."""
        return _NotingBlueprints(super().shared_limit(*args, **kwargs), self._limited_blueprints)


class _NotingBlueprints:
    """A limit decorator (or context manager) that records the name of a blueprint it decorates."""

    def __init__(self, decorator, blueprints: set[str]):
        self._decorator = decorator
        self._blueprints = blueprints

    def __call__(self, obj):
        if isinstance(obj, Blueprint):
            self._blueprints.add(obj.name)
        return self._decorator(obj)

    def __enter__(self):
        return self._decorator.__enter__()

    def __exit__(self, *exc):
        return self._decorator.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._decorator, name)
