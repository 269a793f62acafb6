"""CertificateSnapshot: frozen, validated, and round-trips through JSON unchanged."""
from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest

from lms.certificates.documents.snapshot import CertificateSnapshot, SnapshotError
from tests.support.certificate_samples import sample_snapshot


@pytest.mark.parametrize("layout", ["post", "ce"])
def test_round_trips_through_dict_and_json(layout):
    snapshot = sample_snapshot(layout, expires_on=None)
    assert CertificateSnapshot.from_dict(snapshot.to_dict()) == snapshot
    assert CertificateSnapshot.from_json(snapshot.to_json()) == snapshot
    data = json.loads(snapshot.to_json())
    assert data["issued_on"] == "2026-03-14" and data["expires_on"] is None and data["ce_hours"] == "12.5"
    assert isinstance(data["objectives"], list) and isinstance(data["accreditation"], dict)


def test_is_frozen_and_its_collections_are_read_only():
    snapshot = sample_snapshot()
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.learner_name = "Someone else"  # type: ignore[misc]
    with pytest.raises(TypeError):
        snapshot.accreditation["post_course_number"] = "X"  # type: ignore[index]
    assert isinstance(snapshot.objectives, tuple) and isinstance(snapshot.modules, tuple)


def test_values_are_normalised():
    snapshot = sample_snapshot(learner_name="  Ana Lima  ", ce_hours=6.50, issued_on="2026-01-05")
    assert snapshot.learner_name == "Ana Lima" and snapshot.ce_hours == Decimal("6.5")
    assert snapshot.hours_text == "6.5" and snapshot.issued_on == date(2026, 1, 5)
    assert sample_snapshot(ce_hours="10.00").hours_text == "10"


@pytest.mark.parametrize("changes, field", [
    ({"layout": "pdf", "accreditation": {}}, "layout"),
    ({"learner_name": ""}, "learner_name"),
    ({"learner_name": "x" * 301}, "learner_name"),
    ({"learner_name": None}, "learner_name"),
    ({"ce_hours": "many"}, "ce_hours"),
    ({"ce_hours": "0"}, "ce_hours"),
    ({"ce_hours": "NaN"}, "ce_hours"),
    ({"issued_on": "14/03/2026"}, "issued_on"),
    ({"expires_on": date(2026, 3, 1)}, "expires_on"),
    ({"verify_url": "javascript:alert(1)"}, "verify_url"),
    ({"objectives": "one string"}, "objectives"),
    ({"modules": ["m"] * 13}, "modules"),
    ({"accreditation": {"post_authority": "Council"}}, "accreditation.post_course_number"),
])
def test_bad_values_are_refused_with_the_field_named(changes, field):
    with pytest.raises(SnapshotError, match=field.replace(".", r"\.")):
        sample_snapshot(**changes)


def test_the_ce_layout_needs_its_accreditation_block():
    with pytest.raises(SnapshotError, match="provider_name"):
        sample_snapshot("ce", accreditation={"post_course_number": "CT-1"})


def test_from_dict_names_missing_and_unknown_keys():
    data = sample_snapshot().to_dict()
    del data["short_code"]
    data["extra"] = 1
    with pytest.raises(SnapshotError, match="short_code.*extra"):
        CertificateSnapshot.from_dict(data)
