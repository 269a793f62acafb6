"""Forms of the people, roster, site-administration and audit pages; validation lives here, not in views."""
from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, HiddenField, IntegerField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional, Regexp, ValidationError

from lms.auth.forms import _DISCIPLINE_CHOICES
from lms.auth.models import DISCIPLINES
from lms.auth.passwords import MAX_LENGTH, password_problem
from lms.centers.models import ROLES
from lms.centers.selectors import STATUSES
from lms.centers.service import name_taken
from lms.forms import BaseForm

ROLE_CHOICES = [SelectChoice(k, v) for k, v in ROLES.items()]


def _any(label: str, options: dict) -> list[SelectChoice]:
    return [SelectChoice("", label)] + [SelectChoice(k, v) for k, v in options.items()]


class _GetForm(BaseForm):
    """Filters sent by GET: no CSRF token, no field-name prefix."""

    class Meta:
        csrf = False

    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=100000)], default=1)


class MemberFilterForm(_GetForm):
    """Search and filters of the members list."""

    q = StringField("Name or email", validators=[Optional(), Length(max=100)])
    role = SelectField("Role", choices=_any("Any role", ROLES), validators=[Optional()])
    discipline = SelectField("Discipline", choices=_any("Any discipline", DISCIPLINES), validators=[Optional()])
    agency = SelectField("Agency", choices=[], validate_choice=False, validators=[Optional(), Length(max=160)])
    cohort = SelectField("Cohort", choices=[], coerce=lambda v: int(v) if str(v).isdigit() else None,
                         validate_choice=False, validators=[Optional()])
    status = SelectField("Status", choices=_any("Any status", STATUSES), validators=[Optional()])


class UserSearchForm(_GetForm):
    """Site admins' search of every account."""

    q = StringField("Name or email", validators=[Optional(), Length(max=100)])


class CenterSearchForm(BaseForm):
    """Site admins' search of the centers by name (the page number is read leniently by the view)."""

    class Meta:
        csrf = False

    q = StringField("Center name", validators=[Optional(), Length(max=100)])


class CohortSearchForm(_GetForm):
    """Search of a center's cohorts by name."""

    q = StringField("Cohort name", validators=[Optional(), Length(max=100)])


class InviteForm(BaseForm):
    """Invite one person to the center with a role."""

    email = EmailField("Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    full_name = StringField("Full name (as it should appear on certificates)",
                            validators=[DataRequired(), Length(max=120)])
    discipline = SelectField("Discipline", choices=_DISCIPLINE_CHOICES, validators=[DataRequired("Choose one.")])
    agency = StringField("Agency or organization", validators=[Optional(), Length(max=160)])
    role = SelectField("Role at the center", choices=ROLE_CHOICES, default="learner")


class RoleForm(BaseForm):
    """Change a member's role."""

    role = SelectField("Role", choices=ROLE_CHOICES)


class BoardFieldsForm(BaseForm):
    """What a licensing board asks for: officers' badge/employee number, clinicians' license."""

    badge_number = StringField("Badge or employee number", validators=[Optional(), Length(max=40)])
    license_type = StringField("License type (e.g. LCSW)", validators=[Optional(), Length(max=40)])
    license_number = StringField("License number", validators=[Optional(), Length(max=40)])
    license_state = StringField("License state (two letters)",
                                validators=[Optional(), Regexp(r"^[A-Za-z]{2}$", message="Use two letters.")])


class RosterUploadForm(BaseForm):
    """The roster spreadsheet (CSV)."""

    file = FileField("Roster file (CSV)", validators=[FileRequired("Choose a CSV file.")])


class RosterConfirmForm(BaseForm):
    """The previewed file, carried back with the fingerprint of the plan the admin saw."""

    content = HiddenField(validators=[DataRequired()])
    digest = HiddenField(validators=[DataRequired(), Length(min=64, max=64)])
    filename = HiddenField(validators=[Optional(), Length(max=200)])


class CenterForm(BaseForm):
    """Create or rename a center."""

    name = StringField("Name", validators=[DataRequired(), Length(max=160)])
    region = StringField("Region (city, state)", validators=[Optional(), Length(max=120)])

    def __init__(self, *args, center_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._center_id = center_id

    def validate_name(self, field) -> None:
        """Center names are unique."""
        if name_taken(field.data or "", except_id=self._center_id):
            raise ValidationError("Another center already has this name.")


class AcceptInvitationForm(BaseForm):
    """Choose a password to accept an invitation."""

    password = PasswordField("Choose a password (at least 8 characters)",
                             validators=[DataRequired(), Length(max=MAX_LENGTH)])
    confirm = PasswordField("Repeat the password",
                            validators=[DataRequired(), EqualTo("password", "The two passwords do not match.")])

    def __init__(self, *args, email: str = "", full_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._person = (email, full_name)

    def validate_password(self, field) -> None:
        """Refuse short, very long and common passwords, and the person's own name or email."""
        problem = password_problem(field.data or "", email=self._person[0], full_name=self._person[1])
        if problem:
            raise ValidationError(problem)
