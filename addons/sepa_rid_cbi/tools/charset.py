"""SEPA and CBI character sets: checks, transliteration and fixed-width helpers."""

import re
import unicodedata

from .errors import ValidationError, _lt

SEPA_ALLOWED = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ "
)
# CBI fixed-width files (RiBa): the SEPA set, uppercase only.
CBI_ALLOWED = frozenset(char for char in SEPA_ALLOWED if not char.islower())

_TRANSLIT = {
    "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Ø": "O", "ø": "o",
    "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th", "Ł": "L", "ł": "l", "€": "E",
    "&": "+", "_": "-", "\"": "'", "‘": "'", "’": "'", "`": "'", "´": "'",
    "«": "'", "»": "'", "“": "'", "”": "'", "–": "-", "—": "-", "°": ".",
    "\t": " ", "\n": " ", "\r": " ", "[": "(", "]": ")", "{": "(", "}": ")",
    ";": ",", "!": ".", "#": " ", "*": ".", "=": "-", "@": "(at)", "%": "pct",
}  # fmt: skip
_SPACES = re.compile(r" {2,}")


def invalid_sepa_chars(text):
    """Sorted list of the characters of text outside the SEPA set."""
    return sorted({char for char in text or "" if char not in SEPA_ALLOWED})


def is_sepa_text(text):
    """True when every character of text belongs to the SEPA set."""
    return not invalid_sepa_chars(text)


def untranslatable_chars(text):
    """Sorted characters of text that transliterate to nothing meaningful."""
    return sorted(
        {char for char in text or "" if not char.isspace() and not
         transliterate(char).strip()}
    )  # fmt: skip


def transliterate(text):
    """Map accented and special characters to the SEPA set (à->a, ß->ss, €->E)."""
    out = []
    for char in text or "":
        if char in SEPA_ALLOWED:
            out.append(char)
            continue
        if char in _TRANSLIT:
            out.append(_TRANSLIT[char])
            continue
        base = "".join(
            part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
        )
        out.append("".join(c if c in SEPA_ALLOWED else " " for c in base) or " ")
    return "".join(out)


def truncate(text, length):
    """Cut text to at most length characters (None means no limit)."""
    return text if length is None else text[:length]


def to_sepa(text, length=None):
    """Transliterate to the SEPA set, collapse spaces, strip and truncate."""
    clean = _SPACES.sub(" ", transliterate(text)).strip()
    return truncate(clean, length).rstrip()


def to_cbi(text, length=None):
    """Uppercase CBI fixed-width text: transliterated, truncated, not padded."""
    return to_sepa(text, length).upper()


def fixed_text(text, width):
    """CBI alphanumeric field: uppercase, transliterated, left-aligned, padded."""
    return to_cbi(text, width).ljust(width)


def fixed_number(value, width, field="number"):
    """CBI numeric field: zero-padded digits, raising if it does not fit."""
    digits = str(value)
    if not digits.isdigit() or len(digits) > width:
        raise ValidationError(
            _lt("Value %(value)s of %(field)s does not fit %(width)s digits."),
            value=value,
            field=field,
            width=width,
        )
    return digits.rjust(width, "0")
