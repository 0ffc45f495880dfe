"""SEPA Direct Debit inputs (plain dataclasses) and pre-generation checks."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from . import charset, iban
from .errors import ValidationError, _lt

SCHEMES = ("CORE", "B2B")
SEQUENCE_TYPES = ("FRST", "RCUR", "FNAL", "OOFF")
# Minimum lead time in TARGET business days between submission and due date
# (SEPA rulebooks since 2016: D-1 for CORE and B2B). Banks may ask for more:
# callers pass their own mapping.
DEFAULT_LEAD_DAYS = {"CORE": 1, "B2B": 1}


@dataclass(frozen=True)
class Address:
    """Postal address; country is an ISO 3166 alpha-2 code."""

    street: str = ""
    postcode: str = ""
    town: str = ""
    country: str = "IT"


@dataclass(frozen=True)
class Creditor:
    """The collecting company; cuc is the CBI customer code (CBI flows only)."""

    name: str
    iban: str
    creditor_id: str
    bic: str = ""
    address: Address | None = None
    cuc: str = ""


@dataclass(frozen=True)
class Mandate:
    """SDD mandate; original_* fields are set only when the mandate was amended."""

    reference: str
    signature_date: dt.date
    scheme: str = "CORE"
    sequence_type: str = "RCUR"
    original_reference: str = ""
    original_debtor_iban: str = ""
    original_creditor_id: str = ""
    original_creditor_name: str = ""
    debtor_agent_changed: bool = False

    @property
    def amended(self):
        """True when any amendment information is present."""
        return bool(
            self.original_reference
            or self.original_debtor_iban
            or self.original_creditor_id
            or self.debtor_agent_changed
        )


@dataclass(frozen=True)
class Collection:
    """One direct debit; amount in euro cents."""

    end_to_end_id: str
    amount_cents: int
    due_date: dt.date
    debtor_name: str
    debtor_iban: str
    mandate: Mandate | None
    debtor_bic: str = ""
    debtor_address: Address | None = None
    remittance: str = ""
    currency: str = "EUR"
    instruction_id: str = ""


@dataclass(frozen=True)
class Batch:
    """A collection file: one message with its collections."""

    message_id: str
    created_at: dt.datetime
    creditor: Creditor
    collections: tuple = ()


@dataclass(frozen=True)
class Problem:
    """One blocking problem: field name plus translatable message and params."""

    field: str
    message: str
    params: dict = field(default_factory=dict)

    @property
    def text(self):
        """English text of the problem."""
        return self.message % self.params if self.params else self.message


@dataclass
class BatchCheck:
    """Problems of a batch: of the creditor/header and per end-to-end id."""

    header: list = field(default_factory=list)
    collections: dict = field(default_factory=dict)

    @property
    def ok(self):
        """True when nothing blocks generation."""
        return not self.header and not any(self.collections.values())


def group_key(collection):
    """PmtInf grouping key: (due date, sequence type, scheme)."""
    mandate = collection.mandate
    return (collection.due_date, mandate.sequence_type, mandate.scheme)


def group_collections(collections):
    """Collections grouped by group_key, groups sorted by key."""
    groups = defaultdict(list)
    for collection in collections:
        groups[group_key(collection)].append(collection)
    return sorted(groups.items(), key=lambda item: item[0])


def add_business_days(day, count, holidays=frozenset()):
    """Day plus count business days (Monday-Friday, not in holidays)."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day


def earliest_due_date(today, scheme, lead_days=None, holidays=frozenset()):
    """First due date allowed when submitting on today for scheme."""
    lead = (lead_days or DEFAULT_LEAD_DAYS).get(scheme, 1)
    return add_business_days(today, lead, holidays)


def _text_problems(name, value, max_length, required=True, free_text=False):
    """Missing, too long or bad characters; free text is transliterated later."""
    if not value:
        if not required:
            return []
        return [Problem(name, _lt("%(field)s is missing."), {"field": name})]
    problems = []
    if free_text:
        bad = charset.untranslatable_chars(value)
        if bad:
            return [Problem(
                name, _lt("%(field)s has characters that cannot be converted to "
                          "the SEPA set: %(chars)s."),
                {"field": name, "chars": " ".join(bad)},
            )]  # fmt: skip
        return []
    if len(value) > max_length:
        problems.append(Problem(
            name, _lt("%(field)s is longer than %(max)s characters."),
            {"field": name, "max": max_length},
        ))  # fmt: skip
    bad = charset.invalid_sepa_chars(value)
    if bad:
        problems.append(Problem(
            name, _lt("%(field)s has characters outside the SEPA set: %(chars)s."),
            {"field": name, "chars": " ".join(bad)},
        ))  # fmt: skip
    return problems


def _check(name, validator, value):
    try:
        validator(value)
    except ValidationError as error:
        return [Problem(name, error.message, error.params)]
    return []


def check_mandate(mandate, today=None):
    """Problems of a mandate (reference, signature date, scheme, amendment)."""
    if mandate is None:
        return [Problem("mandate", _lt("The collection has no mandate."))]
    problems = _text_problems("mandate reference", mandate.reference, 35)
    if not isinstance(mandate.signature_date, dt.date):
        problems.append(
            Problem("mandate signature date", _lt("The mandate signature date is missing."))
        )
    elif today and mandate.signature_date > today:
        problems.append(
            Problem("mandate signature date", _lt("The mandate signature date is in the future."))
        )
    if mandate.scheme not in SCHEMES:
        problems.append(
            Problem("scheme", _lt("Scheme %(scheme)s is unknown."), {"scheme": mandate.scheme})
        )
    if mandate.sequence_type not in SEQUENCE_TYPES:
        problems.append(
            Problem(
                "sequence type",
                _lt("Sequence type %(seq)s is unknown."),
                {"seq": mandate.sequence_type},
            )
        )
    if mandate.original_reference:
        problems += _text_problems("original mandate reference", mandate.original_reference, 35)
    if mandate.original_debtor_iban:
        problems += _check("original debtor IBAN", iban.validate_iban, mandate.original_debtor_iban)
    if mandate.original_creditor_id:
        problems += _check(
            "original creditor identifier", iban.validate_creditor_id, mandate.original_creditor_id
        )
    return problems  # fmt: skip


def check_collection(collection, today=None, lead_days=None, holidays=frozenset()):
    """Problems blocking one collection; lead time checked when today is given."""
    problems = _text_problems("end-to-end id", collection.end_to_end_id, 35)
    problems += check_mandate(collection.mandate, today)
    problems += _check("debtor IBAN", iban.validate_iban, collection.debtor_iban)
    if collection.debtor_bic:
        problems += _check("debtor BIC", iban.validate_bic, collection.debtor_bic)
    problems += _text_problems("debtor name", collection.debtor_name, 70, free_text=True)
    problems += _text_problems("remittance", collection.remittance, 140, False, free_text=True)
    if not isinstance(collection.amount_cents, int) or collection.amount_cents <= 0:
        problems.append(Problem("amount", _lt("The amount must be positive.")))
    elif collection.amount_cents > 99999999999:
        problems.append(Problem("amount", _lt("The amount is too large.")))
    if collection.currency != "EUR":
        problems.append(
            Problem(
                "currency",
                _lt("Currency %(currency)s is not EUR."),
                {"currency": collection.currency},
            )
        )
    if today and collection.mandate and collection.mandate.scheme in SCHEMES:
        earliest = earliest_due_date(today, collection.mandate.scheme, lead_days, holidays)
        if collection.due_date < earliest:
            problems.append(
                Problem(
                    "due date",
                    _lt(
                        "Due date %(due)s is earlier than %(earliest)s, the first date "
                        "allowed for scheme %(scheme)s."
                    ),
                    {
                        "due": collection.due_date,
                        "earliest": earliest,
                        "scheme": collection.mandate.scheme,
                    },
                )
            )
    return problems  # fmt: skip


def check_creditor(creditor):
    """Problems of the creditor (name, IBAN, BIC, creditor identifier)."""
    problems = _text_problems("creditor name", creditor.name, 70, free_text=True)
    problems += _check("creditor IBAN", iban.validate_iban, creditor.iban)
    problems += _check("creditor identifier", iban.validate_creditor_id,
                       creditor.creditor_id)  # fmt: skip
    if creditor.bic:
        problems += _check("creditor BIC", iban.validate_bic, creditor.bic)
    return problems


def check_batch(batch, today=None, lead_days=None, holidays=frozenset()):
    """BatchCheck of a whole batch, including duplicate end-to-end ids."""
    result = BatchCheck(header=_text_problems("message id", batch.message_id, 35))
    result.header += check_creditor(batch.creditor)
    if not batch.collections:
        result.header.append(Problem("collections", _lt("The batch is empty.")))
    for collection in batch.collections:
        problems = check_collection(collection, today, lead_days, holidays)
        key = collection.end_to_end_id
        if key in result.collections:
            problems.append(Problem("end-to-end id",
                                    _lt("End-to-end id %(id)s is used twice."),
                                    {"id": key}))  # fmt: skip
        result.collections.setdefault(key, []).extend(problems)
    return result


def ensure_valid(batch, today=None, lead_days=None, holidays=frozenset()):
    """Raise ValidationError naming the first problem when check_batch fails."""
    result = check_batch(batch, today, lead_days, holidays)
    if result.header:
        problem = result.header[0]
        raise ValidationError(problem.message, **problem.params)
    for end_to_end_id, problems in result.collections.items():
        if problems:
            raise ValidationError(
                _lt("Collection %(id)s: %(problem)s"),
                id=end_to_end_id,
                problem=problems[0].text,
            )
    return batch
