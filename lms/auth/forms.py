"""Account forms; validation lives here, not in views."""
from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from lms.auth.emails import EmailAddress
from lms.auth.passwords import MAX_LENGTH, password_problem
from lms.auth.service import email_taken
from lms.disciplines import DISCIPLINES
from lms.forms import BaseForm

_DISCIPLINE_CHOICES = [SelectChoice("", "Choose one")] + [SelectChoice(k, v) for k, v in DISCIPLINES.items()]


def _center_id(value) -> int | None:
    """Coerce a submitted center id; anything not a number becomes None (reported as a missing choice)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class EmptyForm(BaseForm):
    """A POST-only button (sign out, mark as done): just the CSRF token."""


class _NewPasswordMixin:
    def validate_password(self, field) -> None:
        """Refuse short, very long and common passwords."""
        email = getattr(self, "email", None)
        name = getattr(self, "full_name", None)
        problem = password_problem(field.data or "", email=email.data if email else "",
                                   full_name=name.data if name else "")
        if problem:
            raise ValidationError(problem)


class SignUpForm(_NewPasswordMixin, BaseForm):
    """New account: name as it should print on certificates, discipline, agency and training center. Whether the
    email is taken is not checked here: the answer must not tell (the owner is told by email instead)."""

    full_name = StringField("Full name (as it should appear on certificates)",
                            validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=254)])
    password = PasswordField("Password (at least 8 characters)", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    confirm = PasswordField("Repeat the password",
                            validators=[DataRequired(), EqualTo("password", "The two passwords do not match.")])
    discipline = SelectField("Discipline", choices=_DISCIPLINE_CHOICES, validators=[DataRequired("Choose one.")])
    agency = StringField("Agency or organization", validators=[DataRequired(), Length(max=160)])
    center = SelectField("Training center", coerce=_center_id, validate_choice=False,
                         validators=[DataRequired("Choose a training center.")])

    def validate_center(self, field) -> None:
        """The chosen center must be one of the listed centers."""
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Choose a training center from the list.")


class SignInForm(BaseForm):
    """Email, password and remember me."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField("Keep me signed in on this device (30 days)")


class ForgotPasswordForm(BaseForm):
    """Ask for a reset link."""

    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=254)])


class ResetPasswordForm(_NewPasswordMixin, BaseForm):
    """Choose a new password from a reset link."""

    password = PasswordField("New password (at least 8 characters)",
                             validators=[DataRequired(), Length(max=MAX_LENGTH)])
    confirm = PasswordField("Repeat the new password",
                            validators=[DataRequired(), EqualTo("password", "The two passwords do not match.")])


class ChangePasswordForm(ResetPasswordForm):
    """Change the password while signed in."""

    current = PasswordField("Current password", validators=[DataRequired(), Length(max=MAX_LENGTH)])


class ProfileForm(BaseForm):
    """The fields a user may edit about themselves."""

    full_name = StringField("Full name (as it should appear on certificates)",
                            validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=254)])
    discipline = SelectField("Discipline", choices=_DISCIPLINE_CHOICES, validators=[DataRequired("Choose one.")])
    agency = StringField("Agency or organization", validators=[DataRequired(), Length(max=160)])

    def __init__(self, *args, user_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._user_id = user_id

    def validate_email(self, field) -> None:
        """The new email must not belong to someone else."""
        if email_taken(field.data or "", except_user_id=self._user_id):
            raise ValidationError("Another account already uses this email.")
