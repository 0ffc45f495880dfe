"""The project's own CBI-SDD checks agree with the official CBI schemas.

Every file generated here passes both; every broken variant is refused by
both, or by the own checks first (what no schema can say: CtrlSum, NbOfTxs,
positive amounts, euro). Without ../shared/data/xsd/cbi the comparison with
the schemas is skipped visibly; the own checks still run.
"""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from odoo.addons.sepa_rid_cbi.tools import cbi_sdd, cbi_sdd_check, sdd
from odoo.addons.sepa_rid_cbi.tools.errors import ValidationError

from sepa_rid_cbi.tests.fixtures import builders as b

CBI_XSD = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "xsd" / "cbi"
HAVE_XSD = (CBI_XSD / "CBIBdySDDReq.00.01.01.xsd").is_file()


def xsd_refuses(data):
    """True when the official schema refuses data (None: schemas absent)."""
    if not HAVE_XSD:
        return None
    try:
        cbi_sdd.validate(data, CBI_XSD)
    except ValidationError:
        return True
    return False


def own_refuses(data):
    try:
        cbi_sdd_check.check(etree.fromstring(data).getroottree())
    except ValidationError as error:
        return str(error)
    return ""


BATCHES = {
    "two collections": b.batch(),
    "one collection": b.batch([b.collection(7)]),
    "many collections": b.batch([b.collection(i) for i in range(1, 30)]),
    "B2B": b.batch([b.collection(1, mandate=b.mandate(scheme="B2B"))]),
    "no debtor address, no remittance": b.batch([b.collection(2, remittance="")]),
    "amendment": b.batch(
        [b.collection(3, mandate=b.mandate(reference="MND-3", original_reference="OLD-3"))]
    ),
    "long names": b.batch([b.collection(4, debtor_name="X" * 70)]),
}


@pytest.mark.parametrize("version", cbi_sdd.VERSIONS)
@pytest.mark.parametrize("name", sorted(BATCHES))
def test_generated_files_pass_both(name, version):
    data = cbi_sdd.generate(BATCHES[name], version)
    assert own_refuses(data) == ""
    assert xsd_refuses(data) in (False, None)
    if not HAVE_XSD:
        pytest.skip("shared data absent: ../shared/data/xsd/cbi (own checks passed)")


def _mutate(data, name, text=None, index=0, attribute=None, remove=False):
    root = etree.fromstring(data)
    found = [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == name]
    element = found[index]
    if remove:
        element.getparent().remove(element)
    elif attribute:
        element.set(attribute, text)
    else:
        element.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


BASE = cbi_sdd.generate(b.batch())
# (mutation, fragment of the own message, the schema refuses it too)
BROKEN = {
    "end-to-end id of 36": (("EndToEndId", "E" * 36), "36 characters", True),
    "empty message id": (("MsgId", ""), "0 characters", True),
    "name of 71": (("Nm", "N" * 71), "71 characters", True),
    "remittance of 141": (("Ustrd", "R" * 141), "141 characters", True),
    "sequence type": (("SeqTp", "XXXX"), "'XXXX' is not one of", True),
    "payment method": (("PmtMtd", "TRF"), "'TRF' is not one of", True),
    "service level": (("Cd", "SDVX"), "is not one of", True),
    "charge bearer": (("ChrgBr", "DEBT"), "is not one of", True),
    "IBAN lower case country": (("IBAN", "it60X0542811101000000123456"), "does not match", True),
    "IBAN too long": (("IBAN", "IT60" + "9" * 31), "does not match", True),
    "3 decimals": (("InstdAmt", "10.011"), "more than 2 decimals", True),
    "19 digits": (("InstdAmt", "1234567890123456789.00"), "18 digits", True),
    "not a number": (("InstdAmt", "1O.00"), "not a decimal amount", True),
    "negative amount": (("InstdAmt", "-10.01"), "not a decimal amount", True),
    "impossible due date": (("ReqdColltnDt", "2024-02-30"), "YYYY-MM-DD", True),
    "impossible signature date": (("DtOfSgntr", "2023-13-01"), "YYYY-MM-DD", True),
    "creation time": (("CreDtTm", "yesterday"), "date and time", True),
    "NbOfTxs not a number": (("NbOfTxs", "two"), "does not match", True),
    "country": (("Ctry", "ITA"), "does not match", True),
    "missing mandate id": (("MndtId", None, 0, None, True), "MndtId is missing", True),
    "missing end-to-end id": (("EndToEndId", None, 0, None, True), "EndToEndId", True),
    "missing debtor name": (("Nm", None, 2, None, True), "Dbtr/Nm is missing", True),
    # what no schema can say: the own checks refuse it first
    "zero amount": (("InstdAmt", "0.00"), "must be positive", False),
    "other currency": (("InstdAmt", "USD", 0, "Ccy"), "EUR expected", False),
    "CtrlSum differs": (("CtrlSum", "999.99"), "the transactions add up to", False),
    "NbOfTxs differs": (("NbOfTxs", "3"), "the message holds 2 transactions", False),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_variants_refused_by_own_checks_and_schema(name):
    mutation, fragment, schema_too = BROKEN[name]
    data = _mutate(BASE, *mutation)
    message = own_refuses(data)
    assert fragment in message, message
    refused = xsd_refuses(data)
    if refused is None:
        pytest.skip("shared data absent: ../shared/data/xsd/cbi (own checks refused it)")
    if schema_too:
        assert refused, f"{name}: the schema accepts what the own checks refuse"


def test_own_checks_name_the_element_in_user_terms():
    message = own_refuses(_mutate(BASE, "EndToEndId", "E" * 36, index=1))
    assert "EndToEndId" in message and message.startswith("line ")


def test_generate_without_schemas_still_checks(monkeypatch):
    monkeypatch.setattr(sdd, "ensure_valid", lambda *args, **kwargs: None)
    bad = dataclasses.replace(b.collection(1), end_to_end_id="E" * 40)
    with pytest.raises(ValidationError, match="40 characters"):
        cbi_sdd.generate(b.batch([bad]), today=dt.date(2024, 5, 1))
