"""Forms of the center admin's certificate pages."""
from __future__ import annotations

from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from lms.certificates.issuing.listing import SORTS, Filters
from lms.forms import BaseForm

STATUSES = [SelectChoice("", "Any status"), SelectChoice("valid", "Valid"), SelectChoice("expired", "Expired"),
            SelectChoice("revoked", "Revoked"), SelectChoice("superseded", "Superseded")]


class FilterForm(BaseForm):
    """Narrow the list of issued certificates (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    q = SearchField("Name or email", filters=[lambda v: (v or "").strip()], validators=[Length(max=120)])
    program = SelectField("Program", validate_choice=False, default="")
    status = SelectField("Status", choices=STATUSES, default="")
    issued_from = DateField("Issued from", validators=[Optional()])
    issued_to = DateField("Issued to", validators=[Optional()])
    expiring_from = DateField("Expiring from", validators=[Optional()])
    expiring_to = DateField("Expiring to", validators=[Optional()])
    sort = SelectField("Sort by", choices=[SelectChoice(k, v) for k, v in SORTS.items()], default="issued-desc")
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=100_000)], default=1)

    def validate_issued_to(self, field) -> None:
        """The range must not be backwards."""
        if field.data and self.issued_from.data and field.data < self.issued_from.data:
            raise ValidationError("“Issued to” is before “Issued from”.")

    def validate_expiring_to(self, field) -> None:
        """The range must not be backwards."""
        if field.data and self.expiring_from.data and field.data < self.expiring_from.data:
            raise ValidationError("“Expiring to” is before “Expiring from”.")

    def filters(self) -> Filters:
        """The validated values as listing filters."""
        return Filters(program=self.program.data or "", status=self.status.data or "", search=self.q.data or "",
                       issued_from=self.issued_from.data, issued_to=self.issued_to.data,
                       expiring_from=self.expiring_from.data, expiring_to=self.expiring_to.data,
                       sort=self.sort.data or "issued-desc")


class ReasonForm(BaseForm):
    """Revoke a certificate or reject a request: the reason is shown to verifiers or recorded."""

    reason = TextAreaField("Reason", validators=[DataRequired("Give the reason."), Length(max=500)])


class SelectionForm(BaseForm):
    """Certificates chosen with checkboxes, or every certificate the filters match (for one ZIP)."""

    selected = SelectMultipleField("Certificates", validate_choice=False)
    all_matching = BooleanField("Every certificate that matches the filters, on every page")

    def validate_selected(self, field) -> None:
        """Something must be chosen."""
        if not field.data and not self.all_matching.data:
            raise ValidationError("Choose at least one certificate, or every one that matches.")


class BulkForm(BaseForm):
    """Issue a program's certificate to everyone eligible."""

    program = SelectField("Program", validate_choice=False, validators=[DataRequired("Choose a program.")])
    confirm = HiddenField()
    include = SelectMultipleField("Issue again despite the revocation", coerce=int, validate_choice=False)


class SettingsForm(BaseForm):
    """What the center prints on its certificates."""

    signatory_name = StringField("Signatory's name", validators=[DataRequired(), Length(max=120)])
    signatory_title = StringField("Signatory's title", validators=[DataRequired(), Length(max=120)])
    ce_provider_name = StringField("Continuing-education provider name", validators=[Length(max=200)])
    ce_provider_number = StringField("Provider number", validators=[Length(max=80)])
    requires_approval = BooleanField("Certificates that learners earn by completing a program wait for a center "
                                     "admin's approval (certificates an admin issues by re-issue and bulk issue count "
                                     "as approved)")


class KeyImportForm(BaseForm):
    """A signing key and certificate from a certificate authority (PKCS#12)."""

    bundle = FileField("PKCS#12 file (.p12 or .pfx)", validators=[FileRequired("Choose the file."),
                                                                   FileSize(max_size=64 * 1024)])
    password = PasswordField("The file's password", validators=[Optional(), Length(max=200)])


MAX_STATEMENT = 2000


class ProgramNumbersForm(BaseForm):
    """A center's POST course number and CE approval statement for each program (fields added per program)."""

    class Meta:
        csrf = False  # posted inside the settings form, whose token covers it


def program_numbers_form(programs, existing: dict) -> ProgramNumbersForm:
    """The form for these programs; `existing` maps program id to its CenterProgramSettings."""
    class Form(ProgramNumbersForm):
        pass

    for program in programs:
        title = program.current_version.title
        setattr(Form, f"post_{program.id}", StringField(
            "POST course number", filters=[_strip],
            validators=[Length(max=80, message=f"{title}: the course number is at most 80 characters.")]))
        setattr(Form, f"statement_{program.id}", TextAreaField(
            "CE approval statement", filters=[_strip],
            validators=[Length(max=MAX_STATEMENT, message=f"{title}: the approval statement is at most "
                                                          f"{MAX_STATEMENT} characters.")]))
    data = {}
    for program in programs:
        row = existing[program.id]
        data[f"post_{program.id}"], data[f"statement_{program.id}"] = (row.post_course_number,
                                                                       row.ce_approval_statement)
    return Form(data=data)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def numbers_of(form: ProgramNumbersForm, programs) -> dict[int, tuple[str, str]]:
    """{program_id: (POST number, CE statement)} from a validated numbers form."""
    return {p.id: (form[f"post_{p.id}"].data or "", form[f"statement_{p.id}"].data or "") for p in programs}
