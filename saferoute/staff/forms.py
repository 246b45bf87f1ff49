"""The console's forms. Flask-WTF adds the CSRF token (kept in the server-side session)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .auth import MAX_PASSWORD

NOTE_MAX = 500


class SignInForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter your name"), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=MAX_PASSWORD)])
    code = StringField(
        "Code from your authenticator app",
        validators=[DataRequired("Enter the 6-digit code from your authenticator app"), Length(max=12)],
    )


class SignOutForm(FlaskForm):
    pass


class OutcomeForm(FlaskForm):
    outcome = RadioField("What happened?", validate_choice=False)
    note = TextAreaField(
        "Note for the next person (optional)",
        validators=[Optional(), Length(max=NOTE_MAX, message=f"Keep the note to {NOTE_MAX} characters or fewer")],
    )

    def validate_outcome(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            field.data = None
            raise ValidationError("Choose what happened")


class QueueFilter(FlaskForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    status = SelectField("Status", validate_choice=False)
    language = SelectField("Interpreter", validate_choice=False)
