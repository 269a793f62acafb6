"""The course evaluation form: one 1-5 item per program objective, relevance, bias and commercial content,
comments, and the learner's attestation of the time they spent."""
from __future__ import annotations

from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from lms.forms import BaseForm

MET = [SelectChoice(v, t) for v, t in (("5", "5 — fully met"), ("4", "4"), ("3", "3 — partly met"), ("2", "2"),
                                        ("1", "1 — not met"))]
RELEVANT = [SelectChoice(v, t) for v, t in (("5", "5 — highly relevant"), ("4", "4"), ("3", "3 — somewhat"),
                                             ("2", "2"), ("1", "1 — not relevant"))]
YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
MAX_COMMENTS = 2000


def attestation_text(hours: float, recorded_minutes: int) -> str:
    """The statement the learner ticks: their own time, next to what the site recorded."""
    return (f"I attest that I completed this program myself and spent about the time it requires "
            f"({hours:g} hours). The site recorded {recorded_minutes} minutes of page-visible time on its modules.")


def evaluation_form(objectives: tuple[str, ...], **kwargs) -> BaseForm:
    """A form class with one rating per objective (fields objective_1 .. objective_N), bound to the request."""

    class EvaluationForm(BaseForm):
        relevance = RadioField("How relevant was this program to your practice?", choices=RELEVANT,
                               validators=[InputRequired("Choose how relevant the program was to your practice.")])
        free_of_bias = RadioField("Was the content fair, balanced and free of bias (for example about race, "
                                  "culture, gender, disability or agency)?", choices=YES_NO,
                                  validators=[InputRequired("Say whether the content was free of bias.")])
        free_of_commercial = RadioField("Was the content free of commercial promotion (products, services, "
                                        "vendors)?", choices=YES_NO,
                                        validators=[InputRequired("Say whether the content was free of "
                                                                  "commercial promotion.")])
        comments = TextAreaField("Comments (optional): what worked, what to change, anything biased or "
                                 "promotional you noticed", validators=[Length(max=MAX_COMMENTS)])
        attest = BooleanField("I attest to the statement above.",
                              validators=[DataRequired("Tick the attestation of your time to submit.")])

        def ratings(self) -> list[int]:
            """The objective ratings, in objective order."""
            return [int(self[f"objective_{i}"].data) for i in range(1, len(objectives) + 1)]

    for index, text in enumerate(objectives, start=1):
        setattr(EvaluationForm, f"objective_{index}", RadioField(
            f"Objective {index}: {text}", choices=MET,
            validators=[InputRequired(f"Rate how well objective {index} was met.")]))
    return EvaluationForm(**kwargs)
