"""Fixed-width (CBI 120-character) record layouts: format and read by position."""

import datetime as dt
import re
from dataclasses import dataclass

from . import charset, sniff
from .errors import FileFormatError, ValidationError, _lt, term

RECORD_LENGTH = 120
_DIGITS = re.compile(r"^[0-9]+$")


@dataclass(frozen=True)
class Field:
    """A field: 1-based start position, length and kind (a, n, date, const)."""

    name: str
    start: int
    length: int
    kind: str = "a"  # a: text, n: number, d: digit string, date: DDMMYY, const,
    # raw: text already laid out in columns (written and read as is)
    value: str = ""  # constant value (kind const) or default

    @property
    def slice(self):
        """Python slice of the field in a record."""
        return slice(self.start - 1, self.start - 1 + self.length)


def check_layout(fields):
    """Raise AssertionError when fields overlap or pass position 120."""
    end = 0
    for spec in sorted(fields, key=lambda item: item.start):
        assert spec.start > end, spec.name
        end = spec.start + spec.length - 1
        assert end <= RECORD_LENGTH, spec.name
    return fields


def _format_value(spec, value):
    if spec.kind == "const":
        return spec.value
    if spec.kind == "date":
        return value.strftime("%d%m%y") if value else " " * spec.length
    if spec.kind == "raw":
        return str(value or "").ljust(spec.length)
    if spec.kind in ("n", "d"):
        return charset.fixed_number(value if value != "" else 0, spec.length,
                                    spec.name)  # fmt: skip
    return charset.fixed_text(str(value or spec.value), spec.length)


def format_record(fields, values):
    """One 120-character record from field specs and a dict of values."""
    line = [" "] * RECORD_LENGTH
    for spec in fields:
        text = _format_value(spec, values.get(spec.name, spec.value))
        if len(text) != spec.length:
            raise ValidationError(
                _lt("Field %(field)s: %(value)s does not fit %(length)s characters."),
                field=spec.name,
                value=text,
                length=spec.length,
            )
        line[spec.slice] = text
    return "".join(line)


def _error(number, spec, reason, value):
    return FileFormatError(
        _lt("Line %(line)s, field %(field)s (positions %(start)s-%(end)s): "
            "%(reason)s: '%(value)s'."),
        line=number, field=spec.name, start=spec.start,
        end=spec.start + spec.length - 1, reason=reason, value=value,
    )  # fmt: skip


def read_record(fields, line, number):
    """Dict of field values of a record; FileFormatError naming line and field."""
    values = {}
    for spec in fields:
        raw = line[spec.slice]
        if spec.kind == "const":
            if raw != spec.value:
                raise _error(number, spec, _lt("expected '%s'") % spec.value, raw)
            continue
        if spec.kind in ("n", "d"):
            if not _DIGITS.match(raw):
                raise _error(number, spec, _lt("not a number"), raw)
            values[spec.name] = int(raw) if spec.kind == "n" else raw
        elif spec.kind == "date":
            values[spec.name] = read_date(raw, number, spec)
        elif spec.kind == "raw":
            values[spec.name] = raw
        else:
            values[spec.name] = raw.strip()
    return values


def read_date(raw, number, spec):
    """DDMMYY as a date (blank gives None); FileFormatError when invalid."""
    if not raw.strip():
        return None
    try:
        return dt.datetime.strptime(raw, "%d%m%y").date()
    except ValueError:
        raise _error(number, spec, _lt("not a DDMMYY date"), raw) from None


def split_lines(data):
    """Decode and split a CBI file into records; checks the 120-char length.

    The file is refused when it is an archive or UTF-16 text (named as such),
    or holds a control character (line and position given); a UTF-8 byte
    order mark and CRLF, LF or CR line ends are accepted alike.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = sniff.check_flat_bytes(data, term(_lt("a CBI fixed-width text file")))
    try:
        data = data.decode("ascii")
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        raise FileFormatError(
            _lt("Line %(line)s, position %(column)s: non-ASCII character in a CBI file."),
            line=data.count(b"\n", 0, error.start) + 1,
            column=error.start - start + 1,
        ) from error
    lines = data.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise FileFormatError(_lt("The file is empty."))
    for number, line in enumerate(lines, start=1):
        if len(line) != RECORD_LENGTH:
            raise FileFormatError(
                _lt("Line %(line)s has %(length)s characters, 120 expected."),
                line=number,
                length=len(line),
            )
    return lines


def record_type(line):
    """Record type code of a CBI record (positions 2-3)."""
    return line[1:3]
