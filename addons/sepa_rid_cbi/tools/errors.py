"""Errors raised by the pure tools of sepa_rid_cbi (no Odoo imports)."""


def _lt(message):  # marks a literal for translation extraction; Odoo translates it
    return message


class Term(str):
    """A word or phrase passed as an error parameter that must be translated too."""


def term(text):
    """text as a Term (translated when the error is rendered)."""
    return Term(text)


_LINE = _lt("line %(line)s")


class Where:
    """A place in an XML file in the user's terms: 'line 12, entry 2, amount'.

    parts: (label, index or None) from the outside in; labels are Terms.
    """

    def __init__(self, line, parts, tag=""):
        self.line = line
        self.parts = tuple(parts)
        self.tag = tag  # the XML name of the innermost element, for the bank

    def render(self, translate=str):
        words = [
            f"{translate(label)} {index}" if index else translate(label)
            for label, index in self.parts
        ]
        if words and self.tag and self.tag != self.parts[-1][0]:
            words[-1] += f" ({self.tag})"
        head = translate(_LINE) % {"line": self.line} if self.line else ""
        return ", ".join(filter(None, [head, *words]))

    def __str__(self):
        return self.render()


class DomainError(ValueError):
    """Base error: an untranslated message template plus its parameters."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params
        super().__init__(self.render())

    def render(self, translate=str):
        """The message, with message, Terms and places passed through translate."""
        params = {}
        for key, value in self.params.items():
            if isinstance(value, Where):
                value = value.render(translate)
            elif isinstance(value, Term):
                value = translate(value)
            params[key] = value
        text = translate(self.message)
        return text % params if params else text


class ValidationError(DomainError):
    """A value or a generated document breaks a rule (IBAN, XSD, charset...)."""


class SchemaUnavailableError(ValidationError):
    """The XSD needed to validate a document cannot be found."""


class FileFormatError(DomainError):
    """An incoming file is malformed, truncated, of the wrong kind or bank."""
