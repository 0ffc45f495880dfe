"""Italian CBI-SDD collection request: CBISDDReqLogMsg and CBIBdySDDReq.

The CBI XSDs are not shipped by any package: the caller passes the folder
holding them (``xsd_dir``); they are parsed from their file path so that the
relative ``schemaLocation`` imports resolve.
"""

import functools
from pathlib import Path

from lxml import etree

from . import cbi_sdd_check, sdd
from .errors import FileFormatError, SchemaUnavailableError, ValidationError, _lt
from .sdd_xml import Dialect, build_body
from .xmlutil import Builder, local, namespace, parse_xml, schema_error

VERSIONS = ("00.01.01", "00.01.00")
DEFAULT_VERSION = "00.01.01"
PHYSICAL_TYPES = {"CORE": "INC-SDDC-01", "B2B": "INC-SDDB-01"}
_NS = "urn:CBI:xsd:%s"
_DIALECTS = {
    "00.01.01": Dialect(bic_tag="BICFI", pmtinf_totals=False, cbi=True),
    "00.01.00": Dialect(bic_tag="BIC", pmtinf_totals=False, cbi=True),
}


def _check(batch, version, today, lead_days):
    if version not in VERSIONS:
        raise ValidationError(_lt("Unknown CBI-SDD version %(version)s."), version=version)
    sdd.ensure_valid(batch, today, lead_days)
    if not batch.creditor.cuc:
        raise ValidationError(_lt("The creditor CBI code (CUC) is missing."))
    if not batch.creditor.iban.replace(" ", "").upper().startswith("IT"):
        raise ValidationError(_lt("A CBI collection needs an Italian creditor IBAN."))
    schemes = {c.mandate.scheme for c in batch.collections}
    if len(schemes) > 1:
        raise ValidationError(
            _lt("A CBI physical message holds one scheme, the batch mixes %(s)s."),
            s=", ".join(sorted(schemes)),
        )
    return schemes.pop()


def build_logical(batch, version=DEFAULT_VERSION, today=None, lead_days=None):
    """CBISDDReqLogMsg element for batch."""
    _check(batch, version, today, lead_days)
    b = Builder(_NS % f"CBISDDReqLogMsg.{version}")
    return build_body(b, b.root("CBISDDReqLogMsg"), _DIALECTS[version], batch)


def build_physical(batch, version=DEFAULT_VERSION, today=None, lead_days=None):
    """CBIBdySDDReq element wrapping the logical message of batch."""
    scheme = _check(batch, version, today, lead_days)
    body_ns = _NS % f"CBIBdySDDReq.{version}"
    log_ns = _NS % f"CBISDDReqLogMsg.{version}"
    b = Builder(body_ns)
    root = b.root("CBIBdySDDReq", nsmap={None: body_ns, "LMSG": log_ns})
    info = b.el(root, "PhyMsgInf")
    b.el(info, "PhyMsgTpCd", PHYSICAL_TYPES[scheme])
    b.el(info, "NbOfLogMsg", "1")
    envelope = b.el(root, "CBIEnvelSDDReqLogMsg")
    logical = Builder(log_ns)
    message = b.el(envelope, "CBISDDReqLogMsg")
    build_body(logical, message, _DIALECTS[version], batch)
    return root


def generate(batch, version=DEFAULT_VERSION, physical=True, xsd_dir=None,
             today=None, lead_days=None):  # fmt: skip
    """CBI-SDD XML bytes, always checked by the project's own rules
    (``cbi_sdd_check``) and also against the CBI schemas when xsd_dir is given."""
    build = build_physical if physical else build_logical
    root = build(batch, version, today, lead_days)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    cbi_sdd_check.check(root.getroottree())
    if xsd_dir is not None:
        _validate_tree(root.getroottree(), xsd_dir)
    return data


def has_schema(xsd_dir, name):
    """True when xsd_dir holds the CBI schema name."""
    return bool(xsd_dir) and (Path(xsd_dir) / f"{name}.xsd").is_file()


@functools.cache
def _schema(path):
    return etree.XMLSchema(etree.parse(path))


def schema(xsd_dir, name):
    """XMLSchema of CBI message name (e.g. 'CBIBdySDDReq.00.01.01') in xsd_dir."""
    folder = Path(xsd_dir) if xsd_dir else None
    path = folder / f"{name}.xsd" if folder else None
    if path is None or not path.is_file():
        raise SchemaUnavailableError(
            _lt(
                "The CBI schema folder %(folder)s is not available (no %(name)s.xsd):"
                " configure where the CBI XSD files live."
            ),
            folder=str(xsd_dir or "-"),
            name=name,
        )
    return _schema(str(path.resolve()))


def _validate_tree(tree, xsd_dir):
    root = tree.getroot()
    ns = namespace(root)
    if not ns.startswith("urn:CBI:xsd:") or local(root) not in ("CBIBdySDDReq", "CBISDDReqLogMsg"):
        raise ValidationError(
            _lt("The document is not a CBI-SDD request (namespace %(ns)s)."),
            ns=ns or "-",
        )
    xsd = schema(xsd_dir, ns.rsplit(":", 1)[-1])
    if not xsd.validate(tree):
        raise schema_error(tree, xsd)


def validate(xml_bytes, xsd_dir):
    """Validate CBI-SDD request bytes against the CBI XSDs in xsd_dir."""
    try:
        tree = parse_xml(xml_bytes)
    except FileFormatError as error:
        raise ValidationError(error.message, **error.params) from error
    _validate_tree(tree, xsd_dir)
