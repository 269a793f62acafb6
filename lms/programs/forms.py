"""The center admin's program form: what a program file says, field by field; field work, live sessions and
disclosures in one box in the file's own YAML, checked by the file's validators."""
from __future__ import annotations

from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, StopValidation

from lms.contentfiles import ContentErrors
from lms.disciplines import DISCIPLINES
from lms.forms import BaseForm, FiniteDecimalField
from lms.programs.center_service import ProgramFields
from lms.programs.requirements_text import parse_requirements, problems, requirements_text

LAYOUT_CHOICES = [SelectChoice("ce", "CE certificate"), SelectChoice("post", "POST certificate")]


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


class ProgramForm(BaseForm):
    """Create or edit a center's own program (the name only when creating)."""

    program_slug = StringField("Name in addresses (lowercase words joined by hyphens)",
                               validators=[Optional(), Length(max=60)])
    title = StringField("Title", validators=[DataRequired("Give the program a title."), Length(max=200)])
    summary = TextAreaField("Description", validators=[Optional(), Length(max=2000)])
    modules = TextAreaField("Modules, one name per line, in order",
                            validators=[DataRequired("List at least one module."), Length(max=5000)])
    ce_hours = FiniteDecimalField("CE hours", places=1, validators=[
        InputRequired("Give the program's CE hours."), NumberRange(0.5, 200, "CE hours are 0.5 to 200.")])
    validity_months = IntegerField("Months a certificate is valid (empty: it does not expire)", validators=[
        Optional(), NumberRange(1, 240, "Months of validity are 1 to 240.")])
    objectives = TextAreaField("Learning objectives, one a line", validators=[
        DataRequired("Give at least one learning objective."), Length(max=5000)])
    evaluation = SelectField("Course evaluation", choices=[
        SelectChoice("optional", "Optional: the certificate does not wait for it"),
        SelectChoice("required", "Required before the certificate is requested")])
    layout_officer = SelectField(f"Certificate for a {DISCIPLINES['officer'].lower()}", choices=LAYOUT_CHOICES,
                                 default="post")
    layout_clinician = SelectField(f"Certificate for a {DISCIPLINES['clinician'].lower()}", choices=LAYOUT_CHOICES)
    layout_cps_worker = SelectField(f"Certificate for a {DISCIPLINES['cps_worker']}", choices=LAYOUT_CHOICES)
    layout_other = SelectField("Certificate for anyone else", choices=LAYOUT_CHOICES)
    post_authority = StringField("POST authority (printed on POST certificates)",
                                 validators=[Optional(), Length(max=200)])
    ce_category = StringField("CE category", validators=[Optional(), Length(max=200)])
    delivery_format = StringField("Delivery format", validators=[Optional(), Length(max=200)])
    course_level = StringField("Course level", validators=[Optional(), Length(max=100)])
    approval_statement = TextAreaField("CE approval statement (the center's settings may give one instead)",
                                       validators=[Optional(), Length(max=1000)])
    requirements = TextAreaField("Field work, live sessions and CE disclosures (optional)", validators=[
        Optional(), Length(max=20000)])
    expected = HiddenField()

    def validate_requirements(self, field) -> None:
        """The program file's `activities`, `sessions` and `disclosures`, every problem at its line."""
        try:
            self._requirements = parse_requirements(field.data or "")
        except ContentErrors as exc:
            field.errors.extend(problems(exc)[:-1])
            raise StopValidation(problems(exc)[-1]) from exc

    def fields(self) -> ProgramFields:
        """The validated form as the service's input."""
        return ProgramFields(
            title=self.title.data or "", summary=self.summary.data or "", modules=_lines(self.modules.data),
            ce_hours=float(self.ce_hours.data), validity_months=self.validity_months.data,
            layouts={key: getattr(self, f"layout_{key}").data for key in DISCIPLINES},
            objectives=_lines(self.objectives.data), evaluation=self.evaluation.data,
            post_authority=self.post_authority.data or "", ce_category=self.ce_category.data or "",
            delivery_format=self.delivery_format.data or "", course_level=self.course_level.data or "",
            approval_statement=self.approval_statement.data or "",
            requirements=getattr(self, "_requirements", None) or parse_requirements(self.requirements.data or ""))

    def fill(self, program, spec) -> None:
        """Show a program's current version (on GET)."""
        post, ce = spec.accreditation.get("post", {}), spec.accreditation.get("ce", {})
        self.title.data, self.summary.data = spec.title, spec.summary
        self.modules.data, self.objectives.data = "\n".join(spec.modules), "\n".join(spec.objectives)
        self.ce_hours.data, self.validity_months.data = spec.ce_hours, spec.validity_months
        self.evaluation.data = spec.evaluation
        for key in DISCIPLINES:
            getattr(self, f"layout_{key}").data = spec.layouts.get(key, "ce")
        self.post_authority.data = post.get("post_authority", "")
        for name in ("category", "delivery_format", "course_level", "approval_statement"):
            getattr(self, "ce_category" if name == "category" else name).data = ce.get(name, "")
        self.requirements.data = requirements_text(spec.activities, spec.sessions, spec.disclosures)
        self.expected.data = str(program.current_version_id)

    def expected_version(self) -> int | None:
        """The version the editor opened (None when the field was tampered with)."""
        value = self.expected.data or ""
        return int(value) if value.isdecimal() and len(value) < 12 else None
