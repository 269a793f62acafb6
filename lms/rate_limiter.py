"""The rate limiter: Flask-Limiter, minus its check of every request when there is nothing to check.

Flask-Limiter checks every request in a before-request hook for the limits that cover many pages (default,
application and meta limits, limits on a whole blueprint, in-memory fallback limits); a limit set on a view with
`@limiter.limit` (or `with limiter.limit(...)` inside it) is checked by the decorator, when the view runs. This app
sets no limit of the first kind, so that hook found nothing to count on any page and cost every page its time.
A request filter (Flask-Limiter's documented way to exempt a request) now skips the limiter's work before the view
runs while none of those limits is configured and the page's blueprint has no limit of its own; checks made once
the view runs (a hook registered after the limiter's marks that point) are never skipped."""
from __future__ import annotations

import flask_limiter
from flask import Blueprint, Flask, current_app, g, request
from flask_limiter.constants import ConfigVars

# Settings that create limits checked before the view runs, on every page.
_WIDE_SETTINGS = (ConfigVars.DEFAULT_LIMITS, ConfigVars.APPLICATION_LIMITS, ConfigVars.META_LIMITS,
                  ConfigVars.IN_MEMORY_FALLBACK)
_WIDE_ARGUMENTS = ("default_limits", "application_limits", "meta_limits", "in_memory_fallback")
_NOTHING_WIDE = "lms_rate_limits_nothing_wide"  # app.extensions key: no wide limit configured for this app
_VIEW_STARTED = "_lms_rate_limit_view_started"  # attribute of `g`: the limiter's before-request check is over


class Limiter(flask_limiter.Limiter):
    """flask_limiter.Limiter that skips its before-request check when no limit would be found by it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._wide_arguments = any(kwargs.get(name) for name in _WIDE_ARGUMENTS)
        self._limited_blueprints: set[str] = set()
        self.request_filter(self._nothing_before_view)

    def init_app(self, app: Flask) -> None:
        """Initialise Flask-Limiter, then note whether this app configures a wide limit."""
        super().init_app(app)
        app.extensions[_NOTHING_WIDE] = not (self._wide_arguments or any(app.config.get(k) for k in _WIDE_SETTINGS))

        @app.before_request  # runs after the limiter's own before-request hook, registered above
        def _view_checks_begin():
            setattr(g, _VIEW_STARTED, True)

        @app.teardown_request  # `g` outlives the request when a test holds the app context open
        def _view_checks_end(_exc=None):
            g.pop(_VIEW_STARTED, None)

    def limit(self, *args, **kwargs):
        """Flask-Limiter's `limit`, noting the blueprints it is applied to."""
        return _NotingBlueprints(super().limit(*args, **kwargs), self._limited_blueprints)

    def shared_limit(self, *args, **kwargs):
        """Flask-Limiter's `shared_limit`, noting the blueprints it is applied to."""
        return _NotingBlueprints(super().shared_limit(*args, **kwargs), self._limited_blueprints)

    def _nothing_before_view(self) -> bool:
        """True (skip) for the before-request check when nothing wide and no blueprint limit covers the page."""
        return (not g.get(_VIEW_STARTED) and current_app.extensions.get(_NOTHING_WIDE, False)
                and not self._limited_blueprints.intersection(request.blueprints))


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
