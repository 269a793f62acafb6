"""Fixtures for the pure certificate document layer: one renderer, one center key, sample snapshots."""
from __future__ import annotations

import io

import pdfplumber
import pytest

from lms.certificates.documents.keys import SigningKey, generate_signing_key
from lms.certificates.documents.pades import Signer
from lms.certificates.documents.render import Renderer


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    """A Renderer shared by the session (fonts and stylesheet loaded once, as in the app)."""
    return Renderer()


@pytest.fixture(scope="session")
def center_key() -> SigningKey:
    """A self-signed P-256 center key."""
    return generate_signing_key("New England Regional Training Center", country="US")


@pytest.fixture(scope="session")
def other_key() -> SigningKey:
    """Another center's key, which must never validate the first center's documents."""
    return generate_signing_key("Some Other Training Center")


@pytest.fixture(scope="session")
def signer(center_key: SigningKey) -> Signer:
    """The center's reusable signer."""
    return Signer(center_key)


def pdf_text(pdf: bytes) -> str:
    """The text of a one-page PDF as pdfplumber reads it."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        return document.pages[0].extract_text()
