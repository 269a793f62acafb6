"""Practicum and session forms; validation lives here, not in views."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from lms.auth.emails import EmailAddress
from lms.forms import BaseForm, FiniteDecimalField
from lms.practicum.identifying import identifying_findings
from lms.practicum.kinds import KINDS, SIGNER_ROLES

MAX_REFLECTION = 2000
MAX_HOURS = 24


def refuse_nul(form: BaseForm) -> bool:
    """Add an error to every text field holding a NUL byte; True when there was none."""
    clean = True
    for field in form:
        if isinstance(field.data, str) and "\x00" in field.data:
            field.errors = [*field.errors, "This contains a NUL byte (an invisible control character); remove it."]
            clean = False
    return clean


class EntryForm(BaseForm):
    """A practicum activity: what, when, how long, with whom, where, what you learned, and who signs it."""

    kind = SelectField("Activity", choices=[SelectChoice(k, v[0]) for k, v in KINDS.items()])
    occurred_on = DateField("Date", validators=[DataRequired("Enter the date of the activity.")])
    start_time = TimeField("Start time", validators=[Optional()])
    end_time = TimeField("End time", validators=[Optional()])
    hours = FiniteDecimalField("Or hours", places=2, validators=[
        Optional(), NumberRange(min=0.25, max=MAX_HOURS, message=f"Hours must be between 0.25 and {MAX_HOURS}.")])
    unit = StringField("Unit or team", validators=[Length(max=120)])
    partners = SelectMultipleField("Partner(s) from your team", coerce=int, validate_choice=True, choices=[])
    place = StringField("Place", validators=[Length(max=160)])
    reflection = TextAreaField("Reflection", validators=[
        DataRequired("Write a short reflection."),
        Length(max=MAX_REFLECTION, message=f"The reflection is at most {MAX_REFLECTION} characters.")])
    police_signer = EmailField(SIGNER_ROLES["police"], validators=[Length(max=254)])
    clinical_signer = EmailField(SIGNER_ROLES["clinical"], validators=[Length(max=254)])

    def __init__(self, *args, today: date | None = None, supervisors: dict | None = None,
                 signers_by_kind: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or date.today()
        self.supervisors = supervisors or {}  # role -> {email: name}
        self.signers_by_kind = signers_by_kind or {}  # kind -> signer roles it needs (the programs' `signers`)

    def needs(self, role: str) -> bool:
        """True when the chosen kind needs a signature of this role (both, for a kind no program names)."""
        return role in self.signers_by_kind.get(self.kind.data, tuple(SIGNER_ROLES))

    def validate_occurred_on(self, field) -> None:
        """No activity happens in the future."""
        if field.data and field.data > self.today:
            raise ValidationError("The date is in the future; log an activity after it happened.")

    def validate_end_time(self, field) -> None:
        """End after start."""
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError("The end time is before the start time (overnight shifts: enter the hours).")

    def validate(self, extra_validators=None) -> bool:
        """The fields, then: either hours or start and end."""
        valid = super().validate(extra_validators)
        if self.hours.data is None and not self.hours.errors and not (self.start_time.data and self.end_time.data):
            self.hours.errors = [*self.hours.errors, "Enter the start and end times, or the hours."]
            valid = False
        return valid

    def _signer(self, field, role: str) -> None:
        email = (field.data or "").strip().lower()
        if not self.needs(role):
            return  # this kind does not need this signer: whatever is typed is not asked
        if not email:
            raise ValidationError(f"Enter the email of your {SIGNER_ROLES[role].lower()}.")
        if email not in self.supervisors.get(role, {}):
            raise ValidationError(f"{email} is not on the center's list of approved {SIGNER_ROLES[role].lower()}s; "
                                  "ask your center admin to add them, or choose one from the list.")

    def validate_police_signer(self, field) -> None:
        """A police supervisor on the center's list."""
        self._signer(field, "police")

    def validate_clinical_signer(self, field) -> None:
        """A clinical supervisor on the center's list."""
        self._signer(field, "clinical")

    def validate_reflection(self, field) -> None:
        """Nothing that identifies a family."""
        findings = identifying_findings(" ".join([self.reflection.data or "", self.place.data or "",
                                                  self.unit.data or ""]))
        if findings:
            raise ValidationError("This looks like it identifies a family. Training records are not case notes: "
                                  "edit out " + "; ".join(f.message for f in findings) + ".")

    @property
    def minutes(self) -> int | None:
        """The activity's length in minutes, from hours or from start and end."""
        if self.hours.data is not None:
            return int(round(float(self.hours.data) * 60))
        if self.start_time.data and self.end_time.data:
            start = datetime.combine(self.today, self.start_time.data)
            end = datetime.combine(self.today, self.end_time.data)
            return int((end - start) / timedelta(minutes=1))
        return None


class CorrectionForm(BaseForm):
    """Why a signed entry is being corrected."""

    reason = StringField("Reason for the correction", validators=[
        DataRequired("Say why the entry needs correcting."), Length(max=500)])


class DecisionForm(BaseForm):
    """A signer's decision on one entry."""

    decision = SelectField("Decision", choices=[SelectChoice("approved", "Approve"),
                                                SelectChoice("returned", "Return for changes")])
    comment = TextAreaField("Comment (required when returning)", validators=[Length(max=1000)])

    def validate_comment(self, field) -> None:
        """Returning needs a reason the learner can act on."""
        if self.decision.data == "returned" and not (field.data or "").strip():
            raise ValidationError("Say what the learner should change.")


class SupervisorForm(BaseForm):
    """Add an approved supervisor to the center's list."""

    full_name = StringField("Name", validators=[DataRequired("Enter the supervisor's name."), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired("Enter the supervisor's email."), Length(max=254),
                                            EmailAddress("Enter a whole email address, like name@agency.org.")])
    agency = StringField("Agency", validators=[DataRequired("Enter the agency."), Length(max=160)])
    role = SelectField("Signs as", choices=[SelectChoice(k, v) for k, v in SIGNER_ROLES.items()])


class TimeZoneForm(BaseForm):
    """The center's time zone (sessions are scheduled in it)."""

    time_zone = StringField("Time zone", validators=[DataRequired(), Length(max=64)])

    def validate_time_zone(self, field) -> None:
        """An IANA name such as America/New_York."""
        from zoneinfo import available_timezones

        if field.data not in available_timezones():
            raise ValidationError("Use a time zone name such as America/New_York or America/Chicago.")


class SessionForm(BaseForm):
    """Schedule (or move) an instructor-led session, in the center's time zone."""

    series = StringField("Series", validators=[Length(max=120)])
    title = StringField("Title", validators=[DataRequired("Enter a title."), Length(max=160)])
    on = DateField("Date", validators=[DataRequired("Enter the date.")])
    start_time = TimeField("Starts", validators=[DataRequired("Enter the start time.")])
    end_time = TimeField("Ends", validators=[DataRequired("Enter the end time.")])
    place = StringField("Place", validators=[Length(max=200)])
    video_url = StringField("Video link", validators=[Optional(), Length(max=500), URL(message="Enter a full link.")])
    capacity = IntegerField("Capacity", default=30, validators=[
        InputRequired("Enter the capacity."), NumberRange(min=1, max=1000, message="Capacity is 1 to 1000 people.")])
    hours = FiniteDecimalField("Hours credited", places=2, default=2, validators=[
        InputRequired("Enter the hours credited."),
        NumberRange(min=0.25, max=MAX_HOURS, message=f"Hours credited are between 0.25 and {MAX_HOURS}.")])

    def validate_end_time(self, field) -> None:
        """End after start."""
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError("The session ends before it starts.")


class CheckInForm(BaseForm):
    """The code on the projector."""

    code = StringField("Check-in code", validators=[DataRequired("Enter the code shown in the room."),
                                                    Length(max=12)])



def draft_problems(form: EntryForm) -> list[str]:
    """Errors that stop even a draft from being saved: NUL bytes, over-long or identifying text, impossible times.
    Missing fields and signers not chosen yet are fine in a draft."""
    problems = []
    for name, errors in form.errors.items():
        for error in errors:
            if error.startswith(("Enter ", "Write ", "Not a valid")) or "is not on the center's list" in error:
                continue
            problems.append(f"{form[name].label.text}: {error}")
    return problems
