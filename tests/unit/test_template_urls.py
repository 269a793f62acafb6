"""Templates' url_for remembers plain links per mount point and builds anything else as Flask does."""
from flask import Flask, render_template_string, url_for

from lms import template_urls


def _app():
    app = Flask(__name__)
    app.add_url_rule("/lessons/<slug>", "lesson", lambda slug: slug)
    app.add_url_rule("/", "home", lambda: "")
    built: list[tuple] = []
    flask_url_for = app.jinja_env.globals["url_for"]

    def counting(endpoint, **values):
        built.append((endpoint, values))
        return flask_url_for(endpoint, **values)

    app.jinja_env.globals["url_for"] = counting
    template_urls.init_app(app)
    return app, built


def test_a_link_built_once_is_reused_with_the_same_arguments_and_mount_point():
    app, built = _app()
    page = "{{ url_for('lesson', slug=s) }}"
    with app.test_request_context("/"):
        assert [render_template_string(page, s=s) for s in ("a", "b", "a")] == ["/lessons/a", "/lessons/b",
                                                                                   "/lessons/a"]
    with app.test_request_context("/", base_url="http://x.test/lms"):
        assert render_template_string(page, s="a") == "/lms/lessons/a"  # another SCRIPT_NAME, another link
    assert [values["slug"] for _, values in built] == ["a", "b", "a"]


def test_external_links_and_anchors_are_built_every_time_as_flask_builds_them():
    app, built = _app()
    page = "{{ url_for('home', _external=True) }} {{ url_for('lesson', slug='a', _anchor='x') }}"
    with app.test_request_context("/", base_url="http://x.test"):
        first = render_template_string(page)
        assert first == render_template_string(page) == f"{url_for('home', _external=True)} /lessons/a#x"
    assert len(built) == 4


def test_outside_a_request_links_are_built_by_flask():
    app, built = _app()
    app.config["SERVER_NAME"] = "lms.test"
    with app.app_context():
        assert render_template_string("{{ url_for('home') }}") == "http://lms.test/"
    assert len(built) == 1
