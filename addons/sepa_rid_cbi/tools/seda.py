"""SEDA (SEPA compliant Electronic Database Alignment) codes and the
project's own mandate alignment interchange file.

Sources: ABI, Circolare Serie Tecnica n. 14 of June 2013 "SEPA compliant
Electronic Database Alignment (SEDA): il servizio opzionale aggiuntivo degli
schemi SEPA Direct Debit" and the interbank agreement "Accordo interbancario
SEDA" (v. 4.0B, 01/07/2018). Creditor-side flows: NWC (new mandate), MDC
(modification), DLC (cancellation), REC (response of the debtor's bank).
Mandate types, as banks list them: CORSEDEM / CORSEDPM (SDD Core mandate,
electronic / paper) and B2BSEDEM / B2BSEDPM (SDD B2B, electronic / paper).

No public message layout of the SEDA flows was found, so the alignment file
is the project's own CSV (UTF-8, comma separated), named as such:

    mandate_reference,event,date,new_iban,new_reference,note[,mandate_type]

event is a SEDA flow code (NWC, REC, MDC, DLC) or its name (requested,
confirmed, amended, revoked); date is YYYY-MM-DD; mandate_type, optional, is
one of the four SEDA mandate types. The creditor writes NWC rows (mandates
to align); the bank's answers come back as REC, MDC and DLC rows.
"""

import csv
import io

from .errors import ValidationError, _lt, term

SCHEMES = {"CORE": "COR", "B2B": "B2B"}
FORMS = {"electronic": "EM", "paper": "PM"}
MANDATE_TYPES = tuple(
    f"{scheme}SED{form}" for scheme in SCHEMES.values() for form in FORMS.values()
)
# SEDA creditor-side flows and the alignment events they name
FLOWS = {"NWC": "requested", "REC": "confirmed", "MDC": "amended", "DLC": "revoked"}
CODES = {event: code for code, event in FLOWS.items()}
COLUMNS = ("mandate_reference", "event", "date", "new_iban", "new_reference", "note")
TYPE_COLUMN = "mandate_type"
FILE_KIND = term(_lt("a CSV text file"))
EMPTY_FILE = _lt("The file is empty.")


def mandate_type(scheme, form):
    """SEDA mandate type of a mandate: scheme CORE/B2B, form electronic/paper."""
    return f"{SCHEMES[scheme]}SED{FORMS[form]}"


def split_mandate_type(code):
    """(scheme, form) of a SEDA mandate type; ValidationError when unknown."""
    code = (code or "").strip().upper()
    if code not in MANDATE_TYPES:
        raise ValidationError(
            _lt("mandate type %(code)s is not a SEDA type (%(types)s)."),
            code=code or "-",
            types=", ".join(MANDATE_TYPES),
        )
    scheme = next(s for s, prefix in SCHEMES.items() if code.startswith(prefix))
    form = next(f for f, suffix in FORMS.items() if code.endswith(suffix))
    return scheme, form


def write_rows(rows):
    """The alignment file (text, CRLF) of rows: tuples in COLUMNS order plus
    the mandate type."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*COLUMNS, TYPE_COLUMN])
    writer.writerows(rows)
    return buffer.getvalue()
