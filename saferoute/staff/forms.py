"""The console's forms. Flask-WTF adds the CSRF token (kept in the server-side session)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..forms import OneOf
from .auth import CODE_DIGITS, MAX_NAME, MAX_PASSWORD
from .outcomes import BY_CODE, COMPLETED

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


class Ticks(Field):
    """Tick boxes from a list the view sets (`choices`): every value sent, as text; anything
    not on the list is refused by the form."""

    def __init__(self, label=None, **kwargs) -> None:
        super().__init__(label, default=list, **kwargs)
        self.choices: list[tuple[str, str]] = []

    def process_formdata(self, valuelist) -> None:
        self.data = [str(value) for value in valuelist]

    def _value(self) -> str:
        return ""

    def unknown(self) -> bool:
        return bool(set(self.data or []) - {value for value, _label in self.choices})


class OutcomeForm(FlaskForm):
    outcome = OneOf("Record what happened")
    done = Ticks(
        "If you spoke to them: what was done",
        description=f"Only with “{BY_CODE[COMPLETED].label}”. Risk answers and evidence go in police systems.",
    )
    referred = Ticks(
        "If you spoke to them: referred to",
        description="Services from the directory, as Find support shows them.",
    )
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

    def validate_done(self, field: Ticks) -> None:
        if field.unknown():
            raise ValidationError("Tick what was done from the list")
        if (field.data or self.referred.data) and self.outcome.data != COMPLETED:
            raise ValidationError(f"Tick what was done only with “{BY_CODE[COMPLETED].label}”, or untick it")

    def validate_referred(self, field: Ticks) -> None:
        if field.unknown():
            raise ValidationError("Tick services from the list")


class QueueFilter(FlaskForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    status = SelectField("Status", validate_choice=False)
    language = SelectField("Interpreter", validate_choice=False)
