"""Small lxml helpers shared by the XML writers and parsers."""

import re
from decimal import Decimal

from lxml import etree

from . import sniff
from .errors import FileFormatError, ValidationError, Where, _lt, term

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_blank_text=True, huge_tree=True
)


def parse_xml(data):
    """Parse bytes safely (no entities, no network) or raise FileFormatError."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = sniff.check_xml_bytes(data, term(_lt("an XML bank file")))
    try:
        return etree.fromstring(data, _PARSER).getroottree()
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else "?"
        raise FileFormatError(
            _lt("Line %(line)s: the file is not well-formed XML (%(reason)s)."),
            line=line,
            reason=error.msg,
        ) from error


def local(element):
    """Local name of an element tag."""
    return etree.QName(element).localname


def namespace(element):
    """Namespace URI of an element tag ('' when none)."""
    return etree.QName(element).namespace or ""


def amount_text(cents):
    """Integer cents as a decimal string with 2 digits ('12.34')."""
    return f"{cents // 100}.{cents % 100:02d}"


# Element names in the user's terms, for messages; wrappers are left out.
LABELS = {
    "Stmt": term(_lt("statement")),
    "Ntfctn": term(_lt("notification")),
    "Ntry": term(_lt("entry")),
    "NtryDtls": term(_lt("entry details")),
    "TxDtls": term(_lt("transaction details")),
    "Amt": term(_lt("amount")),
    "InstdAmt": term(_lt("amount")),
    "CdtDbtInd": term(_lt("credit/debit indicator")),
    "BookgDt": term(_lt("booking date")),
    "Dt": term(_lt("date")),
    "DtTm": term(_lt("date and time")),
    "ValDt": term(_lt("value date")),
    "Acct": term(_lt("account")),
    "Id": term(_lt("identifier")),
    "GrpHdr": term(_lt("header")),
    "MsgId": term(_lt("message id")),
    "OrgnlGrpInfAndSts": term(_lt("original message")),
    "OrgnlMsgId": term(_lt("original message id")),
    "OrgnlPmtInfAndSts": term(_lt("payment information")),
    "OrgnlPmtInfId": term(_lt("payment information id")),
    "TxInfAndSts": term(_lt("transaction")),
    "OrgnlEndToEndId": term(_lt("end-to-end id")),
    "TxSts": term(_lt("transaction status")),
    "GrpSts": term(_lt("group status")),
    "StsRsnInf": term(_lt("status reason")),
    "OrgnlTxRef": term(_lt("original transaction")),
    "RltdPties": term(_lt("related parties")),
    "RmtInf": term(_lt("remittance information")),
    "AcctSvcrRef": term(_lt("bank reference")),
    "Sts": term(_lt("status")),
}
REPEATING = frozenset(
    {"Stmt", "Ntfctn", "Ntry", "TxDtls", "OrgnlPmtInfAndSts", "TxInfAndSts", "StsRsnInf"}
)
WRAPPERS = frozenset(
    {"Document", "BkToCstmrStmt", "BkToCstmrDbtCdtNtfctn", "CstmrPmtStsRpt", "CBISDDStsRptLogMsg"}
)
MAX_DIGITS = 18  # ISO 20022 amounts: totalDigits 18
MAX_CENTS = 10**15 - 1  # 9,999,999,999,999.99: exact in Odoo's float amounts
CURRENCY_DECIMALS = {"JPY": 0, "KRW": 0, "ISK": 0, "BHD": 3, "KWD": 3, "OMR": 3, "TND": 3}
_DECIMAL = re.compile(r"^([+-]?)([0-9]*)(?:\.([0-9]*))?$")


def label(name):
    """The user's term of an element name (the name itself when unknown)."""
    return LABELS.get(name, name)


def where(element, child=None):
    """Where of element (and of its child path, when given) in the user's terms."""
    parts = []
    node = element
    while node is not None:
        name = local(node)
        if name not in WRAPPERS:
            index = None
            if name in REPEATING:
                before = node.itersiblings(node.tag, preceding=True)
                index = 1 + sum(1 for _sibling in before)
            parts.append((label(name), index))
        node = node.getparent()
    parts.reverse()
    tag = local(element)
    if child:
        parts += [(label(name), None) for name in child.split("/")]
        tag = child.rsplit("/", 1)[-1]
    merged = []
    for part in parts:  # Amt/InstdAmt: one 'amount'
        if merged and merged[-1][0] == part[0] and not part[1]:
            continue
        merged.append(part)
    return Where(element.sourceline, merged, tag)


def parse_cents(text, element, currency=None):
    """ISO amount text as integer cents, checked as the format and currency allow.

    A decimal number (no exponent, no blanks inside), at most 18 digits, not
    more decimals than the currency has, positive (the direction of a movement
    is its credit/debit indicator) and at most 9,999,999,999,999.99. Parsed
    as Decimal, never as float. FileFormatError names where it is.
    """
    raw = (text or "").strip()
    place = where(element)
    found = _DECIMAL.match(raw)
    if not found or not (found.group(2) or found.group(3)):
        raise FileFormatError(
            _lt("%(path)s: amount '%(amount)s' is not a decimal number."),
            path=place,
            amount=raw,
        )
    sign, whole, fraction = found.group(1), found.group(2), found.group(3) or ""
    digits = len(whole.lstrip("0")) + len(fraction)
    if digits > MAX_DIGITS:
        raise FileFormatError(
            _lt("%(path)s: amount %(amount)s has more than %(max)s digits."),
            path=place,
            amount=raw,
            max=MAX_DIGITS,
        )
    code = (currency or element.get("Ccy") or "EUR").upper()
    allowed = CURRENCY_DECIMALS.get(code, 2)
    if len(fraction.rstrip("0")) > allowed:
        raise FileFormatError(
            _lt("%(path)s: amount %(amount)s has more decimals than %(currency)s allows (%(n)s)."),
            path=place,
            amount=raw,
            currency=code,
            n=allowed,
        )
    value = Decimal(raw)
    if sign == "-" and value:
        raise FileFormatError(
            _lt(
                "%(path)s: amount %(amount)s is negative; the direction of a "
                "movement is given by its credit/debit indicator."
            ),
            path=place,
            amount=raw,
        )
    cents = int(value.scaleb(2))
    if cents <= 0:
        raise FileFormatError(_lt("%(path)s: amount %(amount)s is zero."), path=place, amount=raw)
    if cents > MAX_CENTS:
        raise FileFormatError(
            _lt("%(path)s: amount %(amount)s is larger than 9,999,999,999,999.99."),
            path=place,
            amount=raw,
        )
    return cents


class Builder:
    """Fast element factory for one default namespace."""

    def __init__(self, ns):
        self.ns = ns
        self.prefix = f"{{{ns}}}"

    def root(self, name, nsmap=None):
        """New root element in the builder namespace."""
        return etree.Element(self.prefix + name, nsmap=nsmap or {None: self.ns})

    def el(self, parent, name, text=None):
        """Append a child element, with text when given."""
        child = etree.SubElement(parent, self.prefix + name)
        if text is not None:
            child.text = text
        return child

    def path(self, parent, names, text=None):
        """Append nested children 'A/B/C' and return the last one."""
        node = parent
        for name in names.split("/"):
            node = self.el(node, name)
        node.text = text
        return node


def schema_error(doc, schema, ns_tx="DrctDbtTxInf"):
    """ValidationError for the first XSD error, naming the transaction and field."""
    error = schema.error_log.filter_from_errors()[0]
    element = None
    if getattr(error, "path", None):
        try:
            found = doc.xpath(error.path)
            element = found[0] if found else None
        except etree.XPathError:
            element = None
    field = local(element) if element is not None else "?"
    node = element
    while node is not None and local(node) != ns_tx:
        node = node.getparent()
    if node is not None:
        e2e = node.xpath("*[local-name()='PmtId']/*[local-name()='EndToEndId']")
        ident = e2e[0].text if e2e else "?"
        return ValidationError(
            _lt("Collection %(e2e)s, field %(field)s: %(reason)s (line %(line)s)."),
            e2e=ident,
            field=field,
            reason=error.message,
            line=error.line,
        )
    return ValidationError(
        _lt("Field %(field)s: %(reason)s (line %(line)s)."),
        field=field,
        reason=error.message,
        line=error.line,
    )


class Reader:
    """Namespace-bound finder with FileFormatError naming the XML path."""

    def __init__(self, tree):
        self.tree = tree
        self.ns = namespace(tree.getroot())

    def _path(self, path):
        return "/".join(f"{{{self.ns}}}{part}" for part in path.split("/"))

    def all(self, element, path):
        """All descendants at relative path."""
        return element.findall(self._path(path))

    def text(self, element, path, required=False):
        """Stripped text at relative path ('' if absent unless required)."""
        found = element.find(self._path(path))
        if found is None or not (found.text or "").strip():
            if required:
                raise FileFormatError(
                    _lt("%(path)s: required element is missing or empty."),
                    path=where(element, path),
                )
            return ""
        return found.text.strip()

    def cents(self, element, path, currency=None):
        """Amount at relative path as cents (None if absent)."""
        found = element.find(self._path(path))
        return None if found is None else parse_cents(found.text, found, currency)

    def where(self, element, child=None):
        """Where element is, in the user's terms, for messages."""
        return where(element, child)
