"""The disciplines a learner belongs to, with their labels: the one list every area uses. Pure."""
from __future__ import annotations

DISCIPLINES = {
    "officer": "Police officer",
    "clinician": "Mental-health clinician",
    "cps_worker": "CPS worker",
    "other": "Other",
}
