"""The audit log's filter form."""
from __future__ import annotations

from wtforms import DateField, IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from lms.forms import BaseForm


class AuditFilterForm(BaseForm):
    """Filters of the audit log, sent by GET (no CSRF token)."""

    class Meta:
        csrf = False

    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=100000)], default=1)

    action = StringField("Action starts with", validators=[Optional(), Length(max=60)])
    actor = StringField("Done by (name or email)", validators=[Optional(), Length(max=100)])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def validate_date_to(self, field) -> None:
        """The end date must not be before the start date."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")
