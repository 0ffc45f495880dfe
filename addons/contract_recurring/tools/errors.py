"""Errors raised by the pure domain code of ``contract_recurring``."""

from datetime import date


def _lt(message):
    """Mark a literal for translation extraction; Odoo translates it in the model."""
    return message


class DomainError(ValueError):
    """A business rule was violated; ``message`` is a template, ``params`` apart."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


def localized_params(params, format_date):
    """``params`` of an error message with their dates written by
    ``format_date`` (the user's format, dd/mm/yyyy in Italian), for the
    message shown to the user; the rules themselves keep plain dates."""
    return {
        key: format_date(value) if isinstance(value, date) else value
        for key, value in params.items()
    }
