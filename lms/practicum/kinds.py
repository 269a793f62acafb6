"""Practicum activity kinds and who must sign each off (defaults until programs declare their own)."""
from __future__ import annotations

SIGNER_ROLES = {"police": "Police supervisor", "clinical": "Clinical supervisor"}

# kind: (label, signer roles required). Both supervisors sign every default kind: that is the CD-CP model.
KINDS = {
    "ride_along": ("Ride-along", ("police", "clinical")),
    "case_conference": ("Case conference", ("police", "clinical")),
    "joint_debrief": ("Joint debrief of a call-out", ("police", "clinical")),
    "home_visit": ("Home visit", ("police", "clinical")),
}


def kind_label(kind: str) -> str:
    """Human name of an activity kind."""
    return KINDS.get(kind, (kind.replace("_", " ").capitalize(), ()))[0]


def required_signers(kind: str) -> tuple[str, ...]:
    """The signer roles an entry of this kind needs before it counts."""
    return KINDS.get(kind, ("", ("police", "clinical")))[1]
