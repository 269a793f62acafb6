"""Forms of the cohort and team pages; choices are filled in by the views."""
from __future__ import annotations

from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from lms.forms import BaseForm


class CohortForm(BaseForm):
    """A cohort's name and dates."""

    name = StringField("Name", validators=[DataRequired("Give the cohort a name."), Length(max=120)])
    starts_on = DateField("Starts on", validators=[Optional()])
    ends_on = DateField("Ends on", validators=[Optional()])


class LearnersForm(BaseForm):
    """Members of the center to add, by email."""

    emails = TextAreaField("Email addresses of center members (one per line, or separated by commas)",
                           validators=[DataRequired("Enter at least one email address."), Length(max=200_000)])


class TrainerForm(BaseForm):
    """One of the center's trainers or admins."""

    user = SelectField("Trainer", coerce=int, validate_choice=False)


class AssignForm(BaseForm):
    """A program or module with a due date."""

    target = SelectField("Program or module", validate_choice=False)
    due_on = DateField("Due on", validators=[DataRequired("Give a due date as YYYY-MM-DD.")])


class TeamForm(BaseForm):
    """A new team's name (its members are added one at a time on the team page)."""

    name = StringField("Team name", validators=[DataRequired("Give the team a name."), Length(max=80)])


ID_MAX = 2**31 - 1  # the largest id an integer column holds


class UnteamedSearchForm(BaseForm):
    """Search of the cohort's learners in no team, sent by GET (no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField("Name or email", validators=[Optional(), Length(max=100)])
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=100000)], default=1)


class AddMemberForm(BaseForm):
    """One learner to add to a team, and the search and page of the list to come back to."""

    user = HiddenField(validators=[DataRequired("Choose a learner to add.")])
    q = HiddenField(validators=[Optional(), Length(max=100)])
    page = HiddenField(validators=[Optional(), Regexp(r"^[1-9][0-9]{0,5}$")])

    def validate_user(self, field) -> None:
        """The learner is given by a database id."""
        text = (field.data or "").strip()
        if not (text.isascii() and text.isdigit() and 0 < int(text) <= ID_MAX):
            raise ValidationError("That is not a learner's id; choose the learner from the list.")


class RenameForm(BaseForm):
    """A team's new name."""

    name = StringField("New name", validators=[DataRequired("Give the team a name."), Length(max=80)])


class MoveForm(BaseForm):
    """The team a cohort learner moves to (0: no team)."""

    team = SelectField("Team", coerce=int, validate_choice=False)
