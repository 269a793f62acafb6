"""FiniteDecimalField: NaN, a signalling NaN and infinities are a field error, never an exception out of validate
(WTForms' NumberRange raises on a signalling NaN); finite numbers are parsed as DecimalField parses them."""
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.validators import InputRequired, NumberRange

from lms.forms import FiniteDecimalField


class HoursForm(Form):
    hours = FiniteDecimalField("Hours", places=2, validators=[InputRequired(), NumberRange(0.25, 24, "0.25 to 24.")])


@pytest.mark.parametrize("value", ["NaN", "sNaN", "-sNaN", "Infinity", "-Infinity", "inf"])
def test_a_value_that_is_not_a_finite_number_is_a_field_error(value):
    form = HoursForm(MultiDict({"hours": value}))
    assert form.validate() is False
    assert "Not a valid decimal value." in form.hours.errors and form.hours.data is None


@pytest.mark.parametrize("value, error", [("1.5", None), ("0.1", "0.25 to 24."), ("1e309", "0.25 to 24.")])
def test_a_finite_number_is_parsed_and_ranged_as_before(value, error):
    form = HoursForm(MultiDict({"hours": value}))
    assert form.validate() is (error is None)
    assert form.hours.data == Decimal(value) and (error is None or error in form.hours.errors)
