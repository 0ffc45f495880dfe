"""ISO 20022 pain.008 (001.02 and 001.08) writer and XSD validation.

The XSDs are those shipped by the PyPI package ``sepaxml`` (pinned in the
requirements), read at run time with importlib.resources.
"""

import functools
import importlib.resources

from lxml import etree

from . import sdd
from .errors import FileFormatError, SchemaUnavailableError, ValidationError, _lt
from .sdd_xml import Dialect, build_body
from .xmlutil import Builder, local, namespace, parse_xml, schema_error

FLAVOURS = ("pain.008.001.02", "pain.008.001.08")
DEFAULT_FLAVOUR = "pain.008.001.08"
_NS = "urn:iso:std:iso:20022:tech:xsd:%s"
_DIALECTS = {
    "pain.008.001.02": Dialect(bic_tag="BIC", pmtinf_totals=True, cbi=False),
    "pain.008.001.08": Dialect(bic_tag="BICFI", pmtinf_totals=True, cbi=False),
}


def _check_flavour(flavour):
    if flavour not in FLAVOURS:
        raise ValidationError(_lt("Unknown pain.008 flavour %(flavour)s."), flavour=flavour)


def build(batch, flavour=DEFAULT_FLAVOUR, today=None, lead_days=None):
    """Element tree of the pain.008 document for batch (checks it first)."""
    _check_flavour(flavour)
    sdd.ensure_valid(batch, today, lead_days)
    b = Builder(_NS % flavour)
    document = b.root("Document")
    initiation = b.el(document, "CstmrDrctDbtInitn")
    build_body(b, initiation, _DIALECTS[flavour], batch)
    return document


def generate(batch, flavour=DEFAULT_FLAVOUR, today=None, lead_days=None):
    """pain.008 XML bytes (UTF-8) for batch; validated against the XSD."""
    document = build(batch, flavour, today, lead_days)
    _validate_tree(document.getroottree(), flavour)
    return serialize(document)


def serialize(document):
    """UTF-8 bytes with XML declaration."""
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8")


@functools.cache
def schema(flavour):
    """lxml XMLSchema of flavour, loaded from the installed sepaxml package."""
    _check_flavour(flavour)
    try:
        resource = importlib.resources.files("sepaxml") / "schemas" / (flavour + ".xsd")
        with importlib.resources.as_file(resource) as path:
            return etree.XMLSchema(etree.parse(str(path)))
    except (ModuleNotFoundError, FileNotFoundError, OSError) as error:
        raise SchemaUnavailableError(
            _lt("The XSD of %(flavour)s is not available: install the sepaxml package."),
            flavour=flavour,
        ) from error


def detect_flavour(tree):
    """pain.008 flavour of a parsed document, ValidationError if not pain.008."""
    root = tree.getroot()
    ns = namespace(root)
    flavour = ns.rsplit(":", 1)[-1]
    if local(root) != "Document" or flavour not in FLAVOURS:
        raise ValidationError(
            _lt("The document is not a supported pain.008 (namespace %(ns)s)."),
            ns=ns or "-",
        )
    return flavour


def _validate_tree(tree, flavour):
    xsd = schema(flavour)
    if not xsd.validate(tree):
        raise schema_error(tree, xsd)


def validate(xml_bytes, flavour=None):
    """Validate pain.008 bytes against the official XSD, raise ValidationError."""
    try:
        tree = parse_xml(xml_bytes)
    except FileFormatError as error:
        raise ValidationError(error.message, **error.params) from error
    found = detect_flavour(tree)
    if flavour and flavour != found:
        raise ValidationError(
            _lt("The document is %(found)s, %(flavour)s expected."),
            found=found,
            flavour=flavour,
        )
    _validate_tree(tree, found)
    return found
