"""The base of every form: no control characters in any field, and a CSRF field without an id (several forms
on one page, e.g. the header's sign-out button, would otherwise repeat id="csrf_token")."""
from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import DecimalField

from lms.textcheck import has_disallowed

CONTROL_MESSAGE = "This contains a control character (such as a NUL byte); remove it and try again."


def refuse_control_characters(value):
    """A WTForms filter: text holding a disallowed character becomes a field error (ValueError)."""
    texts = value if isinstance(value, (list, tuple)) else [value]
    if any(isinstance(text, str) and has_disallowed(text) for text in texts):
        raise ValueError(CONTROL_MESSAGE)
    return value


class BaseForm(FlaskForm):
    """FlaskForm with the site-wide field filter and an id-less CSRF token. Every form derives from this."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Add the control-character filter to every field; render the CSRF token without an id."""
            filters = [*unbound_field.kwargs.get("filters", ()), refuse_control_characters]
            if options.get("name") == getattr(self, "csrf_field_name", "csrf_token"):
                options["render_kw"] = {"id": False, **(unbound_field.kwargs.get("render_kw") or {})}
            return super().bind_field(form, unbound_field, {**options, "filters": filters})


class FiniteDecimalField(DecimalField):
    """A DecimalField that refuses NaN, sNaN and infinities as a field error (WTForms' NumberRange would raise on
    a signalling NaN: a 500)."""

    def process_formdata(self, valuelist):
        """Parse as DecimalField does; a value that is not a finite number leaves no data and a message."""
        super().process_formdata(valuelist)
        if isinstance(self.data, Decimal) and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))
