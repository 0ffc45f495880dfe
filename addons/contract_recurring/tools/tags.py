"""Tags for invoice line descriptions of recurring contracts."""

import re
from datetime import date

KNOWN_TAGS = ("#START#", "#END#", "#CONTRACT#", "#PERIOD#", "#CUSTOMER#", "#PRODUCT#")

_TAG_RE = re.compile("|".join(re.escape(tag) for tag in KNOWN_TAGS))


def format_date(value: date) -> str:
    """Italian date format dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y")


def _text(value) -> str:
    return format_date(value) if isinstance(value, date) else str(value)


def _values_by_tag(values: dict) -> dict:
    """Map each tag to its text; ``#PERIOD#`` defaults to 'start - end'."""
    texts = {
        f"#{key.upper()}#": _text(value)
        for key, value in values.items()
        if value is not None and value is not False
    }
    if "#PERIOD#" not in texts and "#START#" in texts and "#END#" in texts:
        texts["#PERIOD#"] = f"{texts['#START#']} - {texts['#END#']}"
    return texts


def render_description(template: str, values: dict) -> str:
    """Replace the known tags of ``template`` with ``values``.

    ``values`` keys are the tag names in any case without '#': ``start``,
    ``end`` (dates, shown dd/mm/yyyy), ``contract``, ``period`` (defaults to
    'dd/mm/yyyy - dd/mm/yyyy' from start and end), ``customer``, ``product``.
    Unknown tags, and known tags without a value (absent, None or False), are
    left as they are.
    """
    texts = _values_by_tag(values)
    return _TAG_RE.sub(lambda tag: texts.get(tag.group(0), tag.group(0)), template)
