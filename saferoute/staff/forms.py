"""The console's forms. Flask-WTF adds the CSRF token (kept in the server-side session)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..forms import OneOf
from .auth import CODE_DIGITS, MAX_NAME, MAX_PASSWORD

NOTE_MAX = 500
CODE_MAX = 2 * CODE_DIGITS  # the digits, with room for the spaces an authenticator app shows


class SignInForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter your name"), Length(max=MAX_NAME)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=MAX_PASSWORD)])
    code = StringField(
        "Code from your authenticator app",
        validators=[
            DataRequired(f"Enter the {CODE_DIGITS}-digit code from your authenticator app"),
            Length(max=CODE_MAX),
        ],
    )


class SignOutForm(FlaskForm):
    pass


class OutcomeForm(FlaskForm):
    outcome = OneOf("Record what happened")
    note = TextAreaField(
        "Note for the next person (optional)",
        validators=[Optional(), Length(max=NOTE_MAX, message="Keep the note to %(max)d characters or fewer")],
    )

    @property
    def chosen(self) -> str:
        """The outcome's code, once the form has validated."""
        if self.outcome.data is None:
            raise ValueError("the form has not been validated")
        return self.outcome.data

    def validate_outcome(self, field: OneOf) -> None:
        if not field.valid():
            field.data = None
            raise ValidationError("Choose what happened")


class QueueFilter(FlaskForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    status = SelectField("Status", validate_choice=False)
    language = SelectField("Interpreter", validate_choice=False)
