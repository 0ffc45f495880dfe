"""SEPA Direct Debit reject/return reason codes with a suggested next step."""

from dataclasses import dataclass

from .errors import _lt


@dataclass(frozen=True)
class ReturnReason:
    """A reason code, its English description and the suggested next step."""

    code: str
    description: str
    next_step: str


_RETRY = _lt("Collect again with a new due date once the cause is solved.")
_ASK_IBAN = _lt("Ask the customer for a valid IBAN and a new mandate.")
_CONTACT = _lt("Contact the customer before any new collection.")
_FIX = _lt("Fix the data of the collection and send it again.")

REASONS = {
    code: ReturnReason(code, description, step)
    for code, description, step in (
        ("AC01", _lt("Account identifier incorrect (invalid IBAN)."), _ASK_IBAN),
        ("AC04", _lt("Account closed."), _ASK_IBAN),
        ("AC06", _lt("Account blocked, or blocked for direct debits by the "
                     "debtor."), _CONTACT),
        ("AC13", _lt("Debtor account is a consumer account (B2B not allowed)."),
         _lt("Use the CORE scheme with a CORE mandate.")),
        ("AG01", _lt("Transaction forbidden on this type of account."), _CONTACT),
        ("AG02", _lt("Operation code or transaction code incorrect."), _FIX),
        ("AM04", _lt("Insufficient funds."), _RETRY),
        ("AM05", _lt("Duplicate collection."),
         _lt("Check whether the amount was already collected; do not resend.")),
        ("BE05", _lt("Creditor identifier unknown or incorrect."),
         _lt("Check the creditor identifier of the company and send again.")),
        ("CNOR", _lt("Creditor bank is not registered in the clearing system."),
         _lt("Contact your bank.")),
        ("DNOR", _lt("Debtor bank is not registered in the clearing system."),
         _ASK_IBAN),
        ("FF01", _lt("Invalid file format."), _FIX),
        ("MD01", _lt("No valid mandate."),
         _lt("Obtain a signed mandate before collecting again.")),
        ("MD02", _lt("Mandate data missing or incorrect."), _FIX),
        ("MD06", _lt("Refund requested by the debtor."), _CONTACT),
        ("MD07", _lt("Debtor deceased."),
         _lt("Stop the collections and contact the heirs or the estate.")),
        ("MS02", _lt("Refused by the debtor (reason not specified)."), _CONTACT),
        ("MS03", _lt("Reason not specified by the bank."), _CONTACT),
        ("RC01", _lt("Bank identifier (BIC) incorrect."), _FIX),
        ("RR01", _lt("Regulatory reason: debtor account or identification "
                     "missing."), _FIX),
        ("RR02", _lt("Regulatory reason: debtor name or address missing."), _FIX),
        ("RR03", _lt("Regulatory reason: creditor name or address missing."), _FIX),
        ("RR04", _lt("Regulatory reason."), _CONTACT),
        ("SL01", _lt("Specific service offered by the debtor bank (e.g. the "
                     "debtor blocked this creditor)."), _CONTACT),
        ("FOCR", _lt("Return following a cancellation request."), _CONTACT),
        ("DUPL", _lt("Duplicate payment."), _CONTACT),
        ("TECH", _lt("Technical problem at the bank."), _RETRY),
        ("NARR", _lt("Reason given as free text."), _CONTACT),
    )
}  # fmt: skip
# CBI RiBa returns causali (CBI-RIB-001 'flussi di ritorno', record 14
# positions 29-33): code -> (status, description, next step)
RIBA_CAUSALI = {
    "30010": ("paid", _lt("RiBa paid."), _lt("Nothing to do: the receipt is paid.")),
    "42010": ("returned", _lt("RiBa unpaid (insoluto)."),
              _lt("Contact the customer and issue the receipt again or ask for a transfer.")),
    "30006": ("returned", _lt("RiBa returned unpaid by the debtor's bank."), _CONTACT),
    "30007": ("returned", _lt("RiBa wrongly domiciled: the debtor's bank (ABI/CAB) is wrong."),
              _lt("Correct the debtor's bank (ABI/CAB) and issue the receipt again.")),
    "30008": ("returned", _lt("RiBa recalled by the creditor."),
              _lt("Issue the receipt again only if it is still due.")),
    "30009": ("returned", _lt("RiBa returned beyond the time limits."), _CONTACT),
    "37000": ("returned", _lt("Charge-back of an unpaid RiBa credited subject to collection."),
              _CONTACT),
    "16000": ("charges", _lt("Bank charges on a RiBa."),
              _lt("Posted to the bank charges account of the bank journal.")),
}  # fmt: skip
REASONS.update(
    {code: ReturnReason(code, text, step) for code, (_status, text, step) in RIBA_CAUSALI.items()}
)


def riba_status(causale):
    """paid, returned or charges for a RiBa causale ('' when unknown)."""
    return RIBA_CAUSALI.get(causale, ("",))[0]


UNKNOWN_DESCRIPTION = _lt("Unknown reason code.")
UNKNOWN_STEP = _lt("Ask your bank what the reason code means.")


def describe(code):
    """ReturnReason of code; unknown codes get a generic description."""
    code = (code or "").strip().upper()
    return REASONS.get(code) or ReturnReason(code, UNKNOWN_DESCRIPTION, UNKNOWN_STEP)
