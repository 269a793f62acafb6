"""The email settings form: one checkbox per kind of reminder."""
from __future__ import annotations

from wtforms import BooleanField

from lms.forms import BaseForm
from lms.reminders.kinds import KINDS


class EmailSettingsForm(BaseForm):
    """Which reminder emails a person wants (a checked box means "send me these")."""

    def wanted(self) -> set[str]:
        """The kinds whose box is checked."""
        return {kind for kind in KINDS if self[kind].data}


for _kind, (_label, _hint) in KINDS.items():
    setattr(EmailSettingsForm, _kind, BooleanField(_label, description=_hint))
