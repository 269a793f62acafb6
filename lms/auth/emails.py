"""Email address validation for forms: RFC syntax, no DNS look-up; `.test` addresses (the demo accounts) are
accepted outside production so every flow can be tried with them."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from wtforms.validators import ValidationError


class EmailAddress:
    """A WTForms validator like wtforms' Email(check_deliverability=False), aware of the demo domain."""

    def __init__(self, message: str = "Invalid email address.") -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        """Raise ValidationError unless the field holds a well-formed address."""
        testing = current_app.config.get("ENV") != "production"
        try:
            validate_email(field.data or "", check_deliverability=False, test_environment=testing)
        except EmailNotValidError:
            raise ValidationError(self.message) from None
