"""Errors raised by the pure tools of field_service_rounds."""


def _lt(message):
    """Mark a literal for translation extraction; Odoo translates it later."""
    return message


class DomainError(ValueError):
    """A domain error whose message template and parameters are kept apart."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


class PlanningInputError(DomainError):
    """Invalid input given to the planning/routing core."""
