"""Public verification: anyone with the QR code, link or short code sees the status and what it states."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request
from lms.certificates.documents import codes
from lms.certificates.issuing import selectors
from lms.certificates.issuing.badges import issuer_for, jwk_of
from lms.programs.selectors import program_by_slug
from lms.programs.spec import ProgramSpec
from lms.certificates.issuing.selectors import CertificateView
from lms.certificates.issuing.snapshot_builder import verify_url
from lms.extensions import limiter
from lms.negotiation import wants_json

bp = Blueprint("verify", __name__)


def _limit() -> str:
    return current_app.config["RATELIMIT_VERIFY"]


def public_record(view: CertificateView) -> dict:
    """The facts a verifier may see: name, program, center, hours, dates, status, signing fingerprint."""
    doc = view.document
    return {
        "status": view.status.code, "status_text": view.status.label, "revocation_reason": view.status.reason,
        "superseded_by": verify_url(view.superseded_by) if view.superseded_by else None,
        "learner_name": doc.learner_name, "program": doc.program_title, "center": doc.center_name,
        "ce_hours": doc.hours_text, "issued_on": doc.issued_on.isoformat(),
        "expires_on": doc.expires_on.isoformat() if doc.expires_on else None, "short_code": doc.short_code,
        "signing_certificate_sha256": view.certificate.center_key.fingerprint,
    }


def _not_found(code_given: str = ""):
    if wants_json():
        return jsonify(status="not_found", message="No certificate has this code."), 404
    return render_template("certificates/verify_missing.html", code=code_given), 404


@bp.get("/verify")
@limiter.limit(_limit)
def lookup():
    """A form that takes the short code printed on the certificate."""
    typed = request.args.get("code", "").strip()
    if not typed:
        return render_template("certificates/verify_form.html")
    code = codes.normalize_short_code(typed)
    view = selectors.by_short_code(code) if code else None
    if view is None:
        return _not_found(typed[:40])
    return render_template("certificates/verify.html", view=view, record=public_record(view))


@bp.get("/verify/<public_id>")
@bp.get("/verify/<public_id>.json", endpoint="certificate_json")
@limiter.limit(_limit)
def certificate(public_id: str):
    """The status of one certificate, as a page or (Accept: application/json, or .json) as JSON."""
    view = selectors.by_public_id(public_id) if codes.PUBLIC_ID.match(public_id) else None
    if view is None:
        return _not_found()
    record = public_record(view)
    if wants_json():
        return jsonify(record)
    return render_template("certificates/verify.html", view=view, record=record)


@bp.get("/centers/<slug>/issuer")
def issuer(slug: str):
    """The center's Open Badges issuer profile, with links to its public keys."""
    center = selectors.center_by_slug(slug)
    if center is None:
        return _not_found()
    document = issuer_for(center).document()
    keys = selectors.keys_of_center(center.id)
    document["otherIdentifier"] = [{"type": "IdentifierEntry", "identifierType": "identifier",
                                    "identifier": f"sha256:{key.fingerprint}"} for key in keys]
    return jsonify(document)


@bp.get("/keys/<fingerprint>.json")
def jwk(fingerprint: str):
    """One center signing key's public JWK (the `kid` of Open Badges credentials)."""
    key = selectors.key_by_fingerprint(fingerprint)
    if key is None:
        return jsonify(status="not_found", message="No key has this fingerprint."), 404
    return jsonify(jwk_of(key))


@bp.get("/programs/<slug>")
def program(slug: str):
    """A program's public description (the achievement of its Open Badges credentials)."""
    found = program_by_slug(slug)
    if found is None:
        return _not_found()
    spec = ProgramSpec.from_dict(found.current_version.spec)
    if wants_json():
        return jsonify(title=spec.title, summary=spec.summary, ce_hours=spec.ce_hours, objectives=spec.objectives,
                       modules=spec.modules)
    return render_template("certificates/program.html", spec=spec)
