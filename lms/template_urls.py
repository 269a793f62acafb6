"""url_for in templates, remembered per process: a page builds a dozen links (the menu, the static files, the
lesson pager) and Werkzeug rebuilds each from the URL map on every request, though the result changes only with
the endpoint, its arguments and where the app is mounted (SCRIPT_NAME).

Only plain links are remembered: an absolute endpoint name, hashable argument values and no `_external`,
`_anchor`, `_method`, `_scheme` (anything else goes to Flask's url_for unchanged). This holds while the app's
`url_defaults` functions depend on the endpoint and values alone, as the one for hashed static names does."""
from __future__ import annotations

from flask import Flask, has_request_context, request

MAX_REMEMBERED = 20_000  # links (slugs of every module and lesson fit many times); then the cache starts over


def init_app(app: Flask) -> None:
    """Give templates a url_for that remembers what it built."""
    build = app.jinja_env.globals["url_for"]
    remembered: dict[tuple, str] = {}

    def url_for(endpoint: str, **values) -> str:
        if (endpoint.startswith(".") or any(name.startswith("_") for name in values)
                or not has_request_context()):  # mail rendered by a CLI command or the task worker
            return build(endpoint, **values)
        try:
            key = (request.script_root, endpoint, *sorted(values.items()))
            hash(key)
        except TypeError:  # an unhashable (or unsortable) argument
            return build(endpoint, **values)
        url = remembered.get(key)
        if url is None:
            url = build(endpoint, **values)
            if len(remembered) >= MAX_REMEMBERED:
                remembered.clear()
            remembered[key] = url
        return url

    app.jinja_env.globals["url_for"] = url_for
