"""Forms of the center admin's certificate pages."""
from __future__ import annotations

from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import BooleanField, DateField, PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from lms.forms import BaseForm

STATUSES = [SelectChoice("", "Any status"), SelectChoice("valid", "Valid"), SelectChoice("expired", "Expired"),
            SelectChoice("revoked", "Revoked"), SelectChoice("superseded", "Superseded")]


class FilterForm(BaseForm):
    """Narrow the list of issued certificates (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    program = SelectField("Program", validate_choice=False)
    status = SelectField("Status", choices=STATUSES)
    issued_from = DateField("Issued from", validators=[Optional()])
    issued_to = DateField("Issued to", validators=[Optional()])
    expiring_from = DateField("Expiring from", validators=[Optional()])
    expiring_to = DateField("Expiring to", validators=[Optional()])

    def validate_issued_to(self, field) -> None:
        """The range must not be backwards."""
        if field.data and self.issued_from.data and field.data < self.issued_from.data:
            raise ValidationError("“Issued to” is before “Issued from”.")

    def validate_expiring_to(self, field) -> None:
        """The range must not be backwards."""
        if field.data and self.expiring_from.data and field.data < self.expiring_from.data:
            raise ValidationError("“Expiring to” is before “Expiring from”.")


class ReasonForm(BaseForm):
    """Revoke a certificate or reject a request: the reason is shown to verifiers or recorded."""

    reason = TextAreaField("Reason", validators=[DataRequired("Give the reason."), Length(max=500)])


class SelectionForm(BaseForm):
    """Certificates chosen with checkboxes (for one ZIP)."""

    selected = SelectMultipleField("Certificates", validate_choice=False,
                                   validators=[DataRequired("Choose at least one certificate.")])


class BulkForm(BaseForm):
    """Issue a program's certificate to everyone eligible."""

    program = SelectField("Program", validate_choice=False, validators=[DataRequired("Choose a program.")])


class SettingsForm(BaseForm):
    """What the center prints on its certificates."""

    signatory_name = StringField("Signatory's name", validators=[DataRequired(), Length(max=120)])
    signatory_title = StringField("Signatory's title", validators=[DataRequired(), Length(max=120)])
    ce_provider_name = StringField("Continuing-education provider name", validators=[Length(max=200)])
    ce_provider_number = StringField("Provider number", validators=[Length(max=80)])
    requires_approval = BooleanField("Certificates wait for a center admin's approval before they are issued")


class KeyImportForm(BaseForm):
    """A signing key and certificate from a certificate authority (PKCS#12)."""

    bundle = FileField("PKCS#12 file (.p12 or .pfx)", validators=[FileRequired("Choose the file."),
                                                                   FileSize(max_size=64 * 1024)])
    password = PasswordField("The file's password", validators=[Optional(), Length(max=200)])
