"""Callback requests and click-to-call: plain Python, no Odoo."""

import re
from urllib.parse import quote

from .quota import normalize_phone

# characters a person writes in a phone number besides digits
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$")
PBX_PLACEHOLDERS = ("number", "extension")


def valid_phone(raw, country_code="39"):
    """The number in E.164 form when ``raw`` is a plausible phone number
    (only digits, spaces, + ( ) . - /, and 6 to 15 digits once normalised),
    else ''."""
    text = (raw or "").strip()
    if not text or not _PHONE_CHARS.match(text) or "+" in text[1:]:
        return ""
    number = normalize_phone(text, country_code)
    digits = len(number) - 1
    if not 6 <= digits <= 15:
        return ""
    return number


def rate_limited(request_times, now, limit, window_seconds):
    """Whether one more request at ``now`` would exceed ``limit`` requests
    within the last ``window_seconds``. ``limit`` 0 means no limit."""
    if not limit:
        return False
    recent = [t for t in request_times if (now - t).total_seconds() < window_seconds]
    return len(recent) >= limit


def pbx_url(template, number, extension=""):
    """The PBX URL for a call: ``{number}`` and ``{extension}`` in the
    template are replaced by their URL-quoted values; any other brace is
    kept as written. Raises ValueError on a template without ``{number}``
    or not starting with http:// or https://."""
    template = (template or "").strip()
    if not template.lower().startswith(("http://", "https://")):
        raise ValueError("the PBX URL must start with http:// or https://")
    if "{number}" not in template:
        raise ValueError("the PBX URL must contain {number}")
    url = template
    for key, value in (("number", number), ("extension", extension or "")):
        url = url.replace("{%s}" % key, quote(str(value), safe=""))
    return url
