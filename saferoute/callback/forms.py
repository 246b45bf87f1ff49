"""The call-back and withdraw forms: fields, choices and validation.

Flask-WTF for fields and validation only: its session-based CSRF is off here
because public pages set no cookie (see guard.py for what protects them).
Every message is translatable and none repeats what was typed.
"""

from __future__ import annotations

import re

import phonenumbers
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, StringField, TextAreaField
from wtforms.validators import Length

from ..forms import OneOf, fail
from ..i18n import KNOWN
from . import reference as references
from .plaintext import clean_text
from .safe_times import SafeTimesField
from .vocabulary import CONTACT_METHODS, INTERPRETERS, OTHER_LANGUAGE, PURPOSES, SOMEONE_ELSE, YES_NO, choices
from .windows import Window

# The most characters each box takes: checked by the form's Length validators, and told
# to the browser as maxlength by the form macros (from the field's flags).
NAME_MAX = 40
NOTE_MAX = 500
AVOID_MAX = 100
PHONE_MAX = 40
LANGUAGE_MAX = 60
REFERENCE_MAX = 64  # far longer than a reference, with the dashes and spaces people type


def interpreter_choices() -> list[tuple[str, str]]:
    """Each language named in the reader's language, then in its own ("Polish (Polski)")."""
    offered = [("", gettext("No, I do not need an interpreter"))]
    for code, name in INTERPRETERS.items():
        own = KNOWN[code].name if code in KNOWN else None
        label = str(name)
        offered.append((code, f"{label} ({own})" if own and own.casefold() != label.casefold() else label))
    return offered


def e164(typed: str) -> str | None:
    """A UK number, or an international one starting with +, as E.164; None if it is not a real number."""
    if not typed or len(typed) > PHONE_MAX or not re.fullmatch(r"[0-9+()\-. ]+", typed):
        return None
    try:
        number = phonenumbers.parse(typed, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def can_get_texts(number: str) -> bool:
    kind = phonenumbers.number_type(phonenumbers.parse(number))
    return kind in {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


class PublicForm(FlaskForm):
    class Meta:
        csrf = False  # no session on public pages: see guard.py

    token = HiddenField()
    # A honeypot: hidden from people and screen readers; scripts tend to fill every box.
    leave_blank = StringField(_l("Leave this blank"))


class CallbackForm(PublicForm):
    windows = SafeTimesField(
        _l("When is it safe for you to get a call from us?"),
        none_chosen=_l("Choose at least one time when it is safe for you to get a call"),
    )
    contact = OneOf(_l("How should we contact you?"), choices(CONTACT_METHODS))
    phone = StringField(
        _l("Your phone number"),
        [Length(max=PHONE_MAX, message=_l("Enter a UK phone number, or an international number starting with +"))],
    )
    # Why they asked is the call-back's own question (a kind that extends this form and does not
    # ask it sets ASKS_PURPOSE False: the field is neither shown, checked nor sealed).
    ASKS_PURPOSE = True
    purpose = OneOf(_l("Why are you asking us to call? (optional)"), choices(PURPOSES))
    avoid = StringField(
        _l("Is there anyone we must not speak to? (optional)"),
        [Length(max=AVOID_MAX, message=_l("This must be %(max)s characters or fewer"))],
    )
    voicemail = OneOf(_l("If you do not answer, may we leave a voicemail message?"), choices(YES_NO))
    texts = OneOf(_l("May we send you a text message?"), choices(YES_NO))
    say_who = OneOf(_l("May we say we are calling from the police?"), choices(YES_NO))
    someone_else = OneOf(_l("If someone else answers, what should we do?"), choices(SOMEONE_ELSE))
    name = StringField(
        _l("First name or code word (optional)"),
        [Length(max=NAME_MAX, message=_l("The first name or code word must be %(max)s characters or fewer"))],
    )
    note = TextAreaField(
        _l("Anything else we should know? (optional)"),
        [Length(max=NOTE_MAX, message=_l("The note must be %(max)s characters or fewer"))],
    )
    interpreter = OneOf(_l("Do you need an interpreter?"), radio=False)
    interpreter_other = StringField(
        _l("If you chose another language, which one?"),
        [Length(max=LANGUAGE_MAX, message=_l("The language name must be %(max)s characters or fewer"))],
    )

    def __init__(self, *args, offered: list[Window], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.windows.offered = offered
        self.interpreter.choices = interpreter_choices()
        self.phone_e164: str | None = None

    @property
    def contact_method(self) -> str:
        """The method chosen, once validate() has passed."""
        if self.contact.data is None:
            raise ValueError("the form has not been validated")
        return self.contact.data

    @property
    def tells_more(self) -> bool:
        """Whether the optional questions' disclosure starts open: one of them holds an answer or an error."""
        optional = [self.avoid, self.note, *([self.purpose] if self.ASKS_PURPOSE else [])]
        return any(field.data or field.errors for field in optional)

    def validate(self, extra_validators=None) -> bool:
        # The safe times and the length limits check themselves: the other rules are below, in our words.
        super().validate(extra_validators)
        self._must_choose(self.contact, _l("Choose how we should contact you"))
        self.phone.data = " ".join((self.phone.data or "").split())
        self.phone_e164 = e164(self.phone.data)
        if not self.phone.data:
            fail(self.phone, _l("Enter the phone number we should call"))
        elif self.phone_e164 is None and not self.phone.errors:
            fail(self.phone, _l("Enter a UK phone number, or an international number starting with +"))
        self._must_choose(self.voicemail, _l("Choose if we may leave a voicemail message"))
        self._must_choose(self.texts, _l("Choose if we may send you a text message"))
        self._must_choose(self.say_who, _l("Choose if we may say we are calling from the police"))
        self._must_choose(self.someone_else, _l("Choose what we should do if someone else answers"))
        self._clean(self.name)
        self._clean(self.avoid)
        self._clean(self.note, multiline=True)
        if not self.ASKS_PURPOSE or not self.purpose.valid():
            self.purpose.data = ""  # optional: an answer not on the list is not kept
        self._clean(self.interpreter_other)
        if not self.interpreter.data:
            self.interpreter.data = ""
        elif not self.interpreter.valid():
            self.interpreter.data = ""
            fail(self.interpreter, _l("Choose a language from the list"))
        self._together()
        return not any(field.errors for field in self)

    def _together(self) -> None:
        """Answers that only make sense together."""
        if self.contact.data == "video" and not self.contact.errors:
            if self.texts.data == "no":
                fail(
                    self.texts,
                    _l(
                        "For a video call we send you the link by text message. "
                        "Choose Yes, or choose a phone call instead."
                    ),
                )
            if self.phone_e164 and not can_get_texts(self.phone_e164):
                fail(self.phone, _l("For a video call, give a mobile number so we can text you the link"))
        if self.someone_else.data == "ask-for-you" and not self.name.data and not self.name.errors:
            fail(self.name, _l("Tell us the first name to ask for, or choose another answer"))
        other = self.interpreter_other
        if self.interpreter.data == OTHER_LANGUAGE and not other.data and not other.errors:
            fail(self.interpreter_other, _l("Tell us which language you need"))

    @staticmethod
    def _must_choose(field: OneOf, message) -> None:
        if not field.valid():
            field.data = None
            fail(field, message)

    def _clean(self, field: Field, multiline: bool = False) -> None:
        """Plain text, once it is short enough as typed (what is too long is shown back as it
        was typed), then measured again: normalising can make text longer (one character can
        become three), and the cleaned text is what is sealed. The sealed room allows 4 bytes
        for each character its Length allows (payload.TYPED_ROOM), the most UTF-8 ever needs."""
        if not field.errors:
            field.data = clean_text(field.data, multiline)
            field.validate(self)

    def private(self) -> dict:
        """Everything to be sealed: what was typed, and the safety answers."""
        return {
            "phone": self.phone_e164,
            "name": self.name.data or "",
            "note": self.note.data or "",
            "voicemail": self.voicemail.data == "yes",
            "texts": self.texts.data == "yes",
            "say_who": self.say_who.data == "yes",
            "someone_else": self.someone_else.data,
            **({"purpose": self.purpose.data or ""} if self.ASKS_PURPOSE else {}),
            "avoid": self.avoid.data or "",
            "interpreter_other": self.interpreter_other.data if self.interpreter.data == OTHER_LANGUAGE else "",
        }


NOT_A_REFERENCE = _l("That is not a reference we gave. Check it and try again.")


class WithdrawForm(PublicForm):
    reference = StringField(_l("Your reference"), [Length(max=REFERENCE_MAX, message=NOT_A_REFERENCE)])
    normalised: str | None = None

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        typed = self.reference.data or ""
        self.normalised = None if self.reference.errors else references.normalise(typed)
        if self.reference.errors:
            return False
        if not typed.strip():
            fail(self.reference, _l("Enter your reference"))
        elif self.normalised is None:
            fail(self.reference, NOT_A_REFERENCE)
        return not self.reference.errors
