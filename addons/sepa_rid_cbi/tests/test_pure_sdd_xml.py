"""SDD checks, pain.008 writer (XSD from sepaxml) and CBI-SDD writer (CBI XSDs)."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from odoo.addons.sepa_rid_cbi.tools import cbi_sdd, pain008, sdd
from odoo.addons.sepa_rid_cbi.tools.errors import (
    SchemaUnavailableError,
    ValidationError,
)

from sepa_rid_cbi.tests.fixtures import builders as b

# Shared data lives beside the repository: /work/shared/data, located relative
# to the repository root (parents[3] of this file).
CBI_XSD = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "xsd" / "cbi"


def cbi_xsd_dir():
    if not (CBI_XSD / "CBIBdySDDReq.00.01.01.xsd").is_file():
        pytest.skip("shared data absent: ../shared/data/xsd/cbi (CBI XSD folder)")
    return CBI_XSD


def problems_of(collection, today=None):
    return [p.field for p in sdd.check_collection(collection, today)]


def test_valid_collection_has_no_problem():
    assert problems_of(b.collection(), today=dt.date(2024, 5, 30)) == []


@pytest.mark.parametrize("changes, field", [
    ({"mandate": None}, "mandate"),
    ({"debtor_iban": "IT00X0542811101000000123456"}, "debtor IBAN"),
    ({"amount_cents": 0}, "amount"),
    ({"amount_cents": -5}, "amount"),
    ({"currency": "CHF"}, "currency"),
    ({"end_to_end_id": "E2E_1"}, "end-to-end id"),
    ({"end_to_end_id": "X" * 36}, "end-to-end id"),
    ({"debtor_name": "中文"}, "debtor name"),
    ({"debtor_bic": "NOPE"}, "debtor BIC"),
    ({"mandate": b.mandate(reference="")}, "mandate reference"),
    ({"mandate": b.mandate(sequence_type="XXXX")}, "sequence type"),
    ({"mandate": b.mandate(scheme="COR1")}, "scheme"),
    ({"mandate": b.mandate(original_creditor_id="IT00ZZZ1")},
     "original creditor identifier"),
    ({"mandate": b.mandate(original_debtor_iban="IT61X0542811101000000123456")},
     "original debtor IBAN"),
])  # fmt: skip
def test_collection_problems(changes, field):
    assert field in problems_of(b.collection(**changes))


def test_lead_time_is_a_parameter():
    friday = dt.date(2024, 5, 31)
    monday = dt.date(2024, 6, 3)
    assert sdd.earliest_due_date(friday, "CORE") == monday
    ok = b.collection(due_date=monday)
    assert problems_of(ok, today=friday) == []
    late = sdd.check_collection(ok, friday, lead_days={"CORE": 2})
    assert [p.field for p in late] == ["due date"]
    assert "2024-06-04" in late[0].text
    holidays = {monday}
    assert sdd.earliest_due_date(friday, "B2B", None, holidays) == dt.date(2024, 6, 4)


def test_future_signature_date():
    future = b.mandate(signature_date=dt.date(2030, 1, 1))
    assert "mandate signature date" in problems_of(
        b.collection(mandate=future), today=dt.date(2024, 5, 1)
    )


def test_batch_check_creditor_and_duplicates():
    batch = b.batch(
        [b.collection(1), b.collection(1)], creditor=b.creditor(creditor_id="IT00ZZZ123")
    )
    result = sdd.check_batch(batch)
    assert not result.ok
    assert [p.field for p in result.header] == ["creditor identifier"]
    assert [p.field for p in result.collections["E2E-1"]] == ["end-to-end id"]


def test_grouping_by_due_date_sequence_and_scheme():
    collections = [
        b.collection(1),
        b.collection(2),
        b.collection(3, mandate=b.mandate(sequence_type="FRST")),
        b.collection(4, due_date=dt.date(2024, 6, 10)),
        b.collection(5, mandate=b.mandate(scheme="B2B")),
    ]
    groups = sdd.group_collections(collections)
    assert [(k[0].day, k[1], k[2], len(v)) for k, v in groups] == [
        (3, "FRST", "CORE", 1),
        (3, "RCUR", "B2B", 1),
        (3, "RCUR", "CORE", 2),
        (10, "RCUR", "CORE", 1),
    ]


def _ns(flavour):
    return {"p": f"urn:iso:std:iso:20022:tech:xsd:{flavour}"}


@pytest.mark.parametrize("flavour", pain008.FLAVOURS)
def test_pain008_valid_against_xsd_with_totals(flavour):
    amended = b.mandate(
        reference="MND-9",
        sequence_type="FRST",
        original_reference="OLD-9",
        original_debtor_iban=b.IBAN_A,
        original_creditor_id="DE98ZZZ09999999999",
        debtor_agent_changed=True,
    )
    collections = [b.collection(i) for i in range(1, 4)]
    collections.append(b.collection(9, mandate=amended, debtor_bic="COBADEFFXXX"))
    data = pain008.generate(b.batch(collections), flavour)
    assert pain008.validate(data) == flavour
    doc = etree.fromstring(data)
    ns = _ns(flavour)
    assert doc.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:NbOfTxs", namespaces=ns) == "4"
    assert doc.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:CtrlSum", namespaces=ns) == "40.15"
    infos = doc.findall(".//p:PmtInf", ns)
    assert [i.findtext("p:PmtTpInf/p:SeqTp", namespaces=ns) for i in infos] == ["FRST", "RCUR"]
    assert [i.findtext("p:CtrlSum", namespaces=ns) for i in infos] == ["10.09", "30.06"]
    details = doc.find(".//p:AmdmntInfDtls", ns)
    assert details.findtext("p:OrgnlMndtId", namespaces=ns) == "OLD-9"
    assert details.findtext(".//p:OrgnlDbtrAgt//p:Id", namespaces=ns) == "SMNDA"
    assert "Perche" in data.decode()  # transliterated debtor name
    bic_tag = "BIC" if flavour.endswith("02") else "BICFI"
    assert doc.findtext(f".//p:DbtrAgt/p:FinInstnId/p:{bic_tag}", namespaces=ns) == "COBADEFFXXX"


def test_pain008_refuses_invalid_batch_naming_collection():
    bad = b.batch([b.collection(1), b.collection(2, amount_cents=0)])
    with pytest.raises(ValidationError, match="Collection E2E-2: The amount"):
        pain008.generate(bad)


def test_pain008_validate_names_collection_and_field():
    data = pain008.generate(b.batch())
    broken = data.replace(b"<IBAN>DE89370400440532013000</IBAN>", b"<IBAN>de89</IBAN>", 2)
    with pytest.raises(ValidationError, match=r"Collection E2E-1, field IBAN"):
        pain008.validate(broken)


def test_pain008_validate_rejects_wrong_flavour_and_garbage():
    data = pain008.generate(b.batch(), "pain.008.001.02")
    with pytest.raises(ValidationError, match="pain.008.001.08 expected"):
        pain008.validate(data, "pain.008.001.08")
    with pytest.raises(ValidationError, match="not well-formed"):
        pain008.validate(b"<Document>")
    with pytest.raises(ValidationError, match="Unknown pain.008 flavour"):
        pain008.generate(b.batch(), "pain.008.003.02")


@pytest.mark.parametrize("version", cbi_sdd.VERSIONS)
@pytest.mark.parametrize("physical", [True, False])
def test_cbi_sdd_valid_against_cbi_xsd(version, physical):
    xsd = cbi_xsd_dir()
    amended = b.mandate(original_reference="OLD-1", debtor_agent_changed=True)
    batch = b.batch([b.collection(1, mandate=amended, debtor_bic="COBADEFFXXX"), b.collection(2)])
    data = cbi_sdd.generate(batch, version, physical, xsd_dir=xsd)
    cbi_sdd.validate(data, xsd)
    root = etree.fromstring(data)
    expected_root = "CBIBdySDDReq" if physical else "CBISDDReqLogMsg"
    assert etree.QName(root).localname == expected_root
    text = data.decode()
    assert "<MmbId>05428</MmbId>" in text.replace("LMSG:", "")
    assert "1234567X" in text
    if physical:
        assert "INC-SDDC-01" in text


def test_cbi_b2b_physical_type_and_mixed_schemes():
    xsd = cbi_xsd_dir()
    b2b = b.mandate(scheme="B2B")
    data = cbi_sdd.generate(b.batch([b.collection(1, mandate=b2b)]), xsd_dir=xsd)
    assert b"INC-SDDB-01" in data
    mixed = b.batch([b.collection(1, mandate=b2b), b.collection(2)])
    with pytest.raises(ValidationError, match="mixes B2B, CORE"):
        cbi_sdd.generate(mixed)


def test_cbi_requires_cuc_and_italian_account():
    with pytest.raises(ValidationError, match="CUC"):
        cbi_sdd.generate(b.batch(creditor=b.creditor(cuc="")))
    with pytest.raises(ValidationError, match="Italian creditor IBAN"):
        cbi_sdd.generate(b.batch(creditor=b.creditor(iban=b.IBAN_B)))


def test_cbi_schema_folder_missing_is_reported(tmp_path):
    data = cbi_sdd.generate(b.batch())
    with pytest.raises(SchemaUnavailableError, match="CBI schema folder"):
        cbi_sdd.validate(data, tmp_path)
    with pytest.raises(SchemaUnavailableError, match="not available"):
        cbi_sdd.validate(data, None)


def test_cbi_validation_error_names_collection():
    xsd = cbi_xsd_dir()
    data = cbi_sdd.generate(b.batch(), physical=False)
    broken = data.replace(b"<MndtId>MND-2</MndtId>", b"<MndtId></MndtId>")
    with pytest.raises(ValidationError, match="Collection E2E-2, field MndtId"):
        cbi_sdd.validate(broken, xsd)


def test_dataclasses_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.collection().amount_cents = 5
