"""First checks on the bytes of an incoming bank file, before any parser.

A bank file that is not what it claims to be is named for what it is (a ZIP
archive, UTF-16 text, a PDF...), control characters are refused with their
line and position, and XML files with a DOCTYPE or an entity declaration are
refused outright (no bank format needs them; they are the vector of entity
expansion attacks and lxml silently drops what follows an unresolved entity).
"""

import re

from .errors import FileFormatError, _lt, term

_SIGNATURES = (
    (b"PK\x03\x04", term(_lt("a ZIP archive"))),
    (b"PK\x05\x06", term(_lt("an empty ZIP archive"))),
    (b"\x1f\x8b", term(_lt("a GZIP archive"))),
    (b"%PDF", term(_lt("a PDF document"))),
    (b"\xd0\xcf\x11\xe0", term(_lt("a Microsoft Office document"))),
    (b"\x00\x00\xfe\xff", term(_lt("UTF-32 text"))),
    (b"\xff\xfe\x00\x00", term(_lt("UTF-32 text"))),
    (b"\xff\xfe", term(_lt("UTF-16 text"))),
    (b"\xfe\xff", term(_lt("UTF-16 text"))),
)
UTF8_BOM = b"\xef\xbb\xbf"
_XML_FORBIDDEN = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CONTROLS = {
    b"\r\n": re.compile(rb"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]"),
    b"\r\n\t": re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"),
}


def container(data):
    """What the bytes are when they are not plain 8-bit text, else ''."""
    for signature, label in _SIGNATURES:
        if data.startswith(signature):
            return label
    head = data[:200]
    # UTF-16 without BOM: every other byte of ASCII text is NUL
    quarter = len(head) // 4
    if len(head) >= 4 and (head[1::2].count(0) > quarter or head[0::2].count(0) > quarter):
        return term(_lt("UTF-16 text"))
    return ""


def check_container(data, expected):
    """FileFormatError naming the file type when data is an archive, UTF-16..."""
    found = container(data)
    if found:
        raise FileFormatError(
            _lt("The file is %(found)s, not %(expected)s: save or extract it as plain text."),
            found=found,
            expected=expected,
        )


def strip_bom(data):
    """data without a leading UTF-8 byte order mark."""
    return data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data


def check_controls(data, allowed=b"\r\n"):
    """FileFormatError at the first control byte (NUL, ESC, DEL...) not in allowed."""
    found = _CONTROLS[allowed].search(data)
    if found:
        index, byte = found.start(), data[found.start()]
        start = data.rfind(b"\n", 0, index) + 1
        raise FileFormatError(
            _lt(
                "Line %(line)s, position %(column)s: control character %(code)s "
                "is not allowed in a bank file."
            ),
            line=data.count(b"\n", 0, index) + 1,
            column=index - start + 1,
            code=f"0x{byte:02X}",
        )


def check_xml_declarations(data):
    """FileFormatError when the XML carries a DOCTYPE or an entity declaration."""
    found = _XML_FORBIDDEN.search(data)
    if found:
        raise FileFormatError(
            _lt(
                "Line %(line)s: the XML file contains a <!%(what)s> declaration; bank "
                "files must not declare a DOCTYPE or entities, the file is refused."
            ),
            line=data.count(b"\n", 0, found.start()) + 1,
            what=found.group(1).decode().upper(),
        )


def check_xml_bytes(data, expected):
    """All byte-level checks of an incoming XML bank file; returns the bytes."""
    if not data or not data.strip():
        raise FileFormatError(_lt("The file is empty."))
    check_container(data, expected)
    data = strip_bom(data)
    check_controls(data, allowed=b"\r\n\t")
    check_xml_declarations(data)
    return data


def check_flat_bytes(data, expected):
    """All byte-level checks of a fixed-width or CSV bank file; returns the bytes."""
    if not data or not data.strip():
        raise FileFormatError(_lt("The file is empty."))
    check_container(data, expected)
    data = strip_bom(data)
    check_controls(data)
    return data
