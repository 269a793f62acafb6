"""Forms of the cohort and team pages; choices are filled in by the views."""
from __future__ import annotations

from wtforms import DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

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
    """A new team: a name and two to four learners not in a team yet."""

    name = StringField("Team name", validators=[DataRequired("Give the team a name."), Length(max=80)])
    members = SelectMultipleField("Members", coerce=int, validate_choice=False,
                                  widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


class RenameForm(BaseForm):
    """A team's new name."""

    name = StringField("New name", validators=[DataRequired("Give the team a name."), Length(max=80)])


class MoveForm(BaseForm):
    """The team a cohort learner moves to (0: no team)."""

    team = SelectField("Team", coerce=int, validate_choice=False)
