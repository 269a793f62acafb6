"""Lesson markdown renders to sanitized HTML (checklist 1, 2)."""
import re

import pytest

from lms.curriculum.render import ALLOWED_TAGS, render_markdown, sanitize

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<svg onload="alert(1)"></svg>',
    '<object data="x.swf"></object>',
    '<form action="https://evil.example"><input name=a></form>',
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_dangerous_markup_never_survives_rendering(attack):
    html = render_markdown(f"Text before.\n\n{attack}\n\nText after.").html.lower()
    for needle in ("<script", "onerror", "onload", "javascript:", "<iframe", "<style", "data:", "style=",
                   "<svg", "<object", "<form", "<input", "<img"):
        assert needle not in html


def test_every_tag_in_rendered_html_is_on_the_allow_list():
    source = "\n\n".join(ATTACKS) + """

## Heading

| a | b |
|---|---|
| 1 | 2 |

!!! officer "For officers"
    Advice.

Term
:   Definition

> quote[^n]

[^n]: A note.
"""
    html = render_markdown(source).html
    tags = set(re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS


def test_callout_boxes_keep_their_kind_for_styling():
    html = render_markdown('!!! clinician "For clinicians"\n    Assess sleep.\n').html
    assert '<div class="admonition clinician">' in html
    assert '<p class="admonition-title">For clinicians</p>' in html


def test_unknown_classes_are_stripped():
    assert 'class="evil"' not in sanitize('<div class="evil admonition">x</div>')


def test_links_allow_only_http_https_and_mailto():
    html = render_markdown("[a](https://ok.example) [b](mailto:x@y.z) [c](ftp://no.example)").html
    assert 'href="https://ok.example"' in html and 'href="mailto:x@y.z"' in html
    assert "ftp://" not in html


def test_table_of_contents_appears_only_with_three_or_more_sections():
    assert render_markdown("## A\n\nx\n\n## B\n\ny\n").toc_html == ""
    toc = render_markdown("## A\n\nx\n\n## B\n\ny\n\n## C\n\nz\n").toc_html
    assert 'href="#a"' in toc and 'href="#c"' in toc


def test_tables_align_without_inline_styles():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n").html
    assert 'align="right"' in html and "style" not in html
