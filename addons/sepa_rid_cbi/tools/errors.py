"""Errors raised by the pure tools of sepa_rid_cbi (no Odoo imports)."""


def _lt(message):  # marks a literal for translation extraction; Odoo translates it
    return message


class DomainError(ValueError):
    """Base error: an untranslated message template plus its parameters."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


class ValidationError(DomainError):
    """A value or a generated document breaks a rule (IBAN, XSD, charset...)."""


class SchemaUnavailableError(ValidationError):
    """The XSD needed to validate a document cannot be found."""


class FileFormatError(DomainError):
    """An incoming file is malformed, truncated, of the wrong kind or bank."""
