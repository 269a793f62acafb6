"""Public verification: anyone with the QR code, link or short code sees the status and what it states."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_login import current_user

from lms.certificates.documents import codes
from lms.certificates.documents.openbadges import CONTEXT, achievement
from lms.certificates.documents.render import TEMPLATES
from lms.certificates.documents.snapshot import hours_phrase
from lms.certificates.issuing import selectors
from lms.certificates.issuing.badges import issuer_for, jwk_of, status_list_jwt
from lms.certificates.issuing.selectors import CertificateView
from lms.certificates.issuing.snapshot_builder import verify_url
from lms.extensions import limiter
from lms.negotiation import wants_json
from lms.programs.selectors import program_for_user
from lms.programs.spec import ProgramSpec
from lms.urls import external_url

SEAL = TEMPLATES / "seal.svg"

bp = Blueprint("verify", __name__)


@bp.after_request
def _any_origin(response):
    """Every answer here is public, errors included (a 429 from the rate limit, a 404): a board's web tool must be
    able to read it, and its ETag."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag"
    return response


def _limit() -> str:
    return current_app.config["RATELIMIT_VERIFY"]


def public_record(view: CertificateView) -> dict:
    """The facts a verifier may see: name, program, center, hours, dates, status, signing fingerprint."""
    doc = view.document
    return {
        "status": view.status.code, "status_text": view.status.label, "revocation_reason": view.status.reason,
        "superseded_by": verify_url(view.superseded_by) if view.superseded_by else None,
        "learner_name": doc.learner_name, "program": doc.program_title, "center": doc.center_name,
        "ce_hours": doc.hours_text, "hours": doc.hours_phrase, "issued_on": doc.issued_on.isoformat(),
        "expires_on": doc.expires_on.isoformat() if doc.expires_on else None, "short_code": doc.short_code,
        "signing_certificate_sha256": view.certificate.center_key.fingerprint,
        **field_work_record(doc),
    }


def field_work_record(doc) -> dict:
    """The field work the certificate rests on (none for programs of modules only and older certificates)."""
    return {"activities": [dict(a, signers=[dict(x) for x in a["signers"]]) for a in doc.activities],
            "field_hours": doc.field_hours, "sessions": [dict(x) for x in doc.sessions],
            "session_hours": doc.session_hours}


MAX_AGE = 300  # seconds a verifier may cache an answer: a revocation shows within five minutes


def public(response, *, status: int = 200, max_age: int = MAX_AGE):
    """A public answer: any origin may read it (a board's web tool), cached briefly, with an ETag so a repeat
    request costs a 304; it differs by Accept (page or JSON)."""
    response = current_app.make_response(response)
    response.status_code = status
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.vary.add("Accept")
    response.cache_control.public = True
    response.cache_control.max_age = max_age if status == 200 else 60
    if status == 200:
        response.add_etag()
        response.make_conditional(request)
    return response


def _members_only(response, **_ignored):
    """A page only some signed-in users may see: kept out of shared caches."""
    response = current_app.make_response(response)
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def _described(slug: str):
    """(program, how to answer) for a program's page, or None when the visitor may not see it. A shared program's
    page is public, and so is a center's own program's once it has issued a certificate (its credentials name the
    page as their Achievement, for any verifier to read); before that only the center's members see it, never
    through a shared cache."""
    found = program_for_user(slug, current_user)
    if found is not None and found.owner_center_id is None:
        return found, public
    certified = selectors.certified_program(slug)
    if certified is not None:
        return certified, public
    return (found, _members_only) if found is not None else None


def _not_found(code_given: str = ""):
    if wants_json():
        return public(jsonify(status="not_found", message="No certificate has this code."), status=404)
    return public(render_template("certificates/verify_missing.html", code=code_given), status=404)


def _answer(view: CertificateView):
    record = public_record(view)
    if wants_json():
        return public(jsonify(record))
    return public(render_template("certificates/verify.html", view=view, record=record))


@bp.get("/verify")
@limiter.limit(_limit)
def lookup():
    """A form that takes the short code printed on the certificate."""
    typed = request.args.get("code", "").strip()
    if not typed:
        if wants_json():
            return public(jsonify(status="bad_request", message="Give the certificate's short code as ?code=, "
                                                                 "e.g. /verify?code=CDCP-7KQ4-M2XA-9F3D."), status=400)
        return render_template("certificates/verify_form.html")
    code = codes.normalize_short_code(typed)
    view = selectors.by_short_code(code) if code else None
    if view is None:
        return _not_found(typed[:40])
    return _answer(view)


@bp.get("/verify/<public_id>")
@bp.get("/verify/<public_id>.json", endpoint="certificate_json")
@limiter.limit(_limit)
def certificate(public_id: str):
    """The status of one certificate, as a page or (Accept: application/json, or .json) as JSON."""
    view = selectors.by_public_id(public_id) if codes.PUBLIC_ID.match(public_id) else None
    if view is None:
        return _not_found()
    return _answer(view)


@bp.get("/centers/<slug>/issuer")
def issuer(slug: str):
    """The center's Open Badges issuer profile, with links to its public keys."""
    center = selectors.center_by_slug(slug)
    if center is None:
        return public(jsonify(status="not_found", message="No center has this address."), status=404)
    document = issuer_for(center).document()
    keys = selectors.keys_of_center(center.id)
    document["otherIdentifier"] = [{"type": "IdentifierEntry", "identifierType": "identifier",
                                    "identifier": f"sha256:{key.fingerprint}"} for key in keys]
    return public(jsonify(document))


@bp.get("/keys/<fingerprint>.json")
def jwk(fingerprint: str):
    """One center signing key's public JWK (the `kid` of Open Badges credentials)."""
    key = selectors.key_by_fingerprint(fingerprint)
    if key is None:
        return public(jsonify(status="not_found", message="No key has this fingerprint."), status=404)
    return public(jsonify(jwk_of(key)))


@bp.get("/centers/<slug>/status/revocation")
def status_list(slug: str):
    """The center's revocation status list (W3C Bitstring Status List) as a VC-JWT signed with its key: the
    credentialStatus of its Open Badges points here, so wallets and verifiers learn of a revocation."""
    center = selectors.center_by_slug(slug)
    signed = status_list_jwt(center) if center is not None else None
    if signed is None:
        return public(jsonify(status="not_found", message="This center publishes no status list."), status=404)
    response = current_app.response_class(signed.token, mimetype="application/vc+jwt")
    response.set_etag(signed.etag)
    return public(response)


@bp.get("/programs/<slug>")
def program(slug: str):
    """A program's public description: a page, or (JSON) the Open Badges 3.0 Achievement its credentials name."""
    described = _described(slug)
    if described is None:
        return _not_found()
    found, answer = described
    spec = ProgramSpec.from_dict(found.current_version.spec)
    owner = selectors.owner_center(found)
    if wants_json():
        return answer(jsonify({"@context": list(CONTEXT), **achievement(
            id=external_url("verify.program", slug=found.slug), name=spec.title,
            description=spec.summary or spec.title, credits=spec.ce_hours,
            criteria=f"Complete every module of the program ({hours_phrase(spec.ce_hours)}). Learning objectives: "
                     + "; ".join(spec.objectives) + ".",
            image_url=external_url("verify.program_image", slug=found.slug),
            creator=issuer_for(owner) if owner is not None else None)}))
    from lms.programs.selectors import program_modules

    return answer(render_template("certificates/program.html", spec=spec, hours=hours_phrase(spec.ce_hours),
                                  modules=program_modules(spec.modules), owner=owner))


@bp.get("/programs/<slug>/image.svg")
def program_image(slug: str):
    """The image of a program's Achievement (the certificate seal)."""
    described = _described(slug)
    if described is None:
        return _not_found()
    _, answer = described
    return answer(current_app.response_class(SEAL.read_bytes(), mimetype="image/svg+xml"), max_age=86400)
