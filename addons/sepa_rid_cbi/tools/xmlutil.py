"""Small lxml helpers shared by the XML writers and parsers."""

from decimal import Decimal, InvalidOperation

from lxml import etree

from .errors import FileFormatError, ValidationError, _lt

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_blank_text=True, huge_tree=True
)


def parse_xml(data):
    """Parse bytes safely (no entities, no network) or raise FileFormatError."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or not data.strip():
        raise FileFormatError(_lt("The file is empty."))
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


def parse_cents(text, element):
    """Decimal amount text as integer cents, FileFormatError when invalid."""
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise FileFormatError(
            _lt("%(path)s: amount %(amount)s is not a valid amount."),
            path=element.getroottree().getpath(element),
            amount=text,
        )
    return int(value * 100)


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
                    _lt("%(path)s: required element %(name)s is missing or empty."),
                    path=self.tree.getpath(element),
                    name=path,
                )
            return ""
        return found.text.strip()

    def cents(self, element, path):
        """Amount at relative path as cents (None if absent)."""
        found = element.find(self._path(path))
        return None if found is None else parse_cents(found.text, found)

    def where(self, element):
        """XML path of element for messages."""
        return self.tree.getpath(element)
