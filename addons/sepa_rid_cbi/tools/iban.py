"""IBAN, Italian BBAN (CIN), BIC, SEPA creditor identifier and RF reference checks."""

import re

from .errors import ValidationError, _lt

# IBAN lengths of the SEPA countries (EPC list of SEPA countries).
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
    "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22,
    "GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18,
    "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24,
    "SM": 27, "VA": 22,
}  # fmt: skip

_IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$")
_IT_BBAN = re.compile(r"^[A-Z][0-9]{5}[0-9]{5}[A-Z0-9]{12}$")
_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_CI_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$")
_RF_SHAPE = re.compile(r"^RF[0-9]{2}[A-Z0-9]{1,21}$")
_SPACES = re.compile(r"[\s\u00a0]+")

# Italian CIN: value of a character in an odd position (1-based) of ABI+CAB+account.
_CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
            16, 10, 22, 25, 24, 23]  # fmt: skip
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def normalize(value):
    """Uppercase and remove spaces (also non-breaking) from an identifier."""
    return _SPACES.sub("", value or "").upper()


def _to_digits(text):
    return "".join(str(_ALNUM.index(char)) for char in text)


def mod97(text):
    """ISO 7064 mod 97-10 remainder of an alphanumeric string (A=10 ... Z=35)."""
    return int(_to_digits(text)) % 97


def validate_iban(value):
    """Return the normalised IBAN or raise ValidationError (SEPA countries only)."""
    iban = normalize(value)
    if not iban:
        raise ValidationError(_lt("The IBAN is missing."))
    if not _IBAN_SHAPE.match(iban):
        raise ValidationError(_lt("IBAN %(iban)s has invalid characters or structure."), iban=iban)
    country = iban[:2]
    if country not in IBAN_LENGTHS:
        raise ValidationError(
            _lt("IBAN %(iban)s: country %(country)s is not a SEPA country."),
            iban=iban,
            country=country,
        )
    if len(iban) != IBAN_LENGTHS[country]:
        raise ValidationError(
            _lt("IBAN %(iban)s has %(length)s characters, %(expected)s expected for %(country)s."),
            iban=iban,
            length=len(iban),
            expected=IBAN_LENGTHS[country],
            country=country,
        )
    if mod97(iban[4:] + iban[:4]) != 1:
        raise ValidationError(_lt("IBAN %(iban)s: wrong check digits."), iban=iban)
    if country in ("IT", "SM"):
        validate_italian_bban(iban[4:])
    return iban


def is_valid_iban(value):
    """True when validate_iban accepts the value."""
    try:
        validate_iban(value)
    except ValidationError:
        return False
    return True


def cin(abi, cab, account):
    """Italian CIN check letter over ABI (5) + CAB (5) + account (12)."""
    text = f"{abi}{cab}{account}".upper()
    if len(text) != 22 or any(char not in _ALNUM for char in text):
        raise ValidationError(
            _lt("ABI, CAB and account %(text)s must be 22 letters or digits."),
            text=text,
        )
    total = 0
    for position, char in enumerate(text, start=1):
        index = ord(char) - ord("A") if char.isalpha() else int(char)
        total += _CIN_ODD[index] if position % 2 else index
    return chr(ord("A") + total % 26)


def validate_italian_bban(bban):
    """Check an Italian BBAN (CIN + ABI + CAB + account), raise ValidationError."""
    bban = normalize(bban)
    if not _IT_BBAN.match(bban):
        raise ValidationError(
            _lt(
                "Italian BBAN %(bban)s must be CIN letter, 5-digit ABI, 5-digit CAB "
                "and 12-character account."
            ),
            bban=bban,
        )
    expected = cin(bban[1:6], bban[6:11], bban[11:])
    if bban[0] != expected:
        raise ValidationError(
            _lt("Italian BBAN %(bban)s: CIN is %(cin)s, %(expected)s expected."),
            bban=bban,
            cin=bban[0],
            expected=expected,
        )
    return bban


def italian_parts(iban):
    """Split a valid Italian IBAN into a dict: cin, abi, cab, account."""
    iban = validate_iban(iban)
    if iban[:2] != "IT":
        raise ValidationError(_lt("IBAN %(iban)s is not Italian."), iban=iban)
    return {"cin": iban[4], "abi": iban[5:10], "cab": iban[10:15],
            "account": iban[15:]}  # fmt: skip


def validate_bic(value):
    """Return the normalised BIC (8 or 11 characters) or raise ValidationError."""
    bic = normalize(value)
    if not _BIC.match(bic):
        raise ValidationError(_lt("BIC %(bic)s is not a valid BIC."), bic=bic)
    return bic


def creditor_id_check_digits(country, national_id):
    """Check digits of a SEPA creditor identifier (business code excluded)."""
    text = normalize(national_id) + normalize(country) + "00"
    if not text.isalnum():
        raise ValidationError(
            _lt("Creditor identifier part %(text)s has invalid characters."),
            text=national_id,
        )
    return f"{98 - mod97(text):02d}"


def make_creditor_id(country, national_id, business_code="ZZZ"):
    """Build a SEPA creditor identifier with computed check digits."""
    digits = creditor_id_check_digits(country, national_id)
    return f"{normalize(country)}{digits}{normalize(business_code)}" + normalize(national_id)


def validate_creditor_id(value):
    """Return the normalised SEPA creditor identifier or raise ValidationError."""
    ci = normalize(value)
    if not ci:
        raise ValidationError(_lt("The SEPA creditor identifier is missing."))
    if len(ci) > 35 or not _CI_SHAPE.match(ci):
        raise ValidationError(_lt("Creditor identifier %(ci)s has an invalid structure."), ci=ci)
    if mod97(ci[7:] + ci[:4]) != 1:
        raise ValidationError(
            _lt("Creditor identifier %(ci)s: wrong check digits, %(expected)s expected."),
            ci=ci,
            expected=creditor_id_check_digits(ci[:2], ci[7:]),
        )
    return ci


def validate_rf_reference(value):
    """Return a normalised ISO 11649 (RF) creditor reference or raise."""
    ref = normalize(value)
    if not _RF_SHAPE.match(ref) or mod97(ref[4:] + ref[:4]) != 1:
        raise ValidationError(_lt("%(ref)s is not a valid RF creditor reference."), ref=ref)
    return ref


def is_rf_reference(value):
    """True when the value is a valid RF creditor reference."""
    try:
        validate_rf_reference(value)
    except ValidationError:
        return False
    return True
