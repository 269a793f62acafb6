"""`next=` never leaves the site (checklist 4)."""
import pytest

from lms.auth.redirects import safe_next


@pytest.mark.parametrize("target", ["https://evil.example", "//evil", "////evil", "/\\evil", "javascript:alert(1)",
                                    "\\\\evil", "http:/evil", " //evil", "/\tevil", "", None, "dashboard"])
def test_off_site_or_odd_targets_fall_back_to_the_default(target):
    assert safe_next(target, "/dashboard") == "/dashboard"


@pytest.mark.parametrize("target", ["/modules/x", "/modules/x/lessons/y?from=z", "/account#top"])
def test_local_paths_are_kept(target):
    assert safe_next(target, "/dashboard") == target
