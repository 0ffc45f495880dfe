"""Errors raised by the pure domain code of ``contract_recurring``."""


def _lt(message):
    """Mark a literal for translation extraction; Odoo translates it in the model."""
    return message


class DomainError(ValueError):
    """A business rule was violated; ``message`` is a template, ``params`` apart."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)
