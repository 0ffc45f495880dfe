"""Shared body of the SDD XML writers (ISO pain.008 and CBI-SDD dialects)."""

from dataclasses import dataclass

from . import charset, iban, sdd
from .xmlutil import amount_text

NOT_PROVIDED = "NOTPROVIDED"


@dataclass(frozen=True)
class Dialect:
    """What differs between pain.008.001.02/.08 and CBISDDReqLogMsg."""

    bic_tag: str  # "BIC" or "BICFI"
    pmtinf_totals: bool  # NbOfTxs/CtrlSum in each PmtInf
    cbi: bool  # CBI: CUC in InitgPty, ABI as creditor agent, InstrId required


def _sepa(text, length):
    return charset.to_sepa(text, length)


def _address(b, parent, address):
    if address is None:
        return
    node = b.el(parent, "PstlAdr")
    if address.street:
        b.el(node, "StrtNm", _sepa(address.street, 70))
    if address.postcode:
        b.el(node, "PstCd", _sepa(address.postcode, 16))
    if address.town:
        b.el(node, "TwnNm", _sepa(address.town, 35))
    if address.country:
        b.el(node, "Ctry", address.country.upper())


def _agent(b, parent, dialect, bic, required):
    if not bic and not required:
        return
    node = b.el(parent, "FinInstnId")
    if bic:
        b.el(node, dialect.bic_tag, iban.normalize(bic))
    else:
        b.path(node, "Othr/Id", NOT_PROVIDED)


def _scheme_id(b, parent, creditor_id, name=""):
    if name:
        b.el(parent, "Nm", _sepa(name, 70))
    other = b.path(parent, "Id/PrvtId/Othr")
    b.el(other, "Id", iban.normalize(creditor_id))
    b.path(other, "SchmeNm/Prtry", "SEPA")


def _group_header(b, root, dialect, batch, total):
    header = b.el(root, "GrpHdr")
    b.el(header, "MsgId", batch.message_id)
    b.el(header, "CreDtTm", batch.created_at.replace(microsecond=0).isoformat())
    b.el(header, "NbOfTxs", str(len(batch.collections)))
    b.el(header, "CtrlSum", amount_text(total))
    party = b.el(header, "InitgPty")
    b.el(party, "Nm", _sepa(batch.creditor.name, 70))
    if dialect.cbi:
        other = b.path(party, "Id/OrgId/Othr")
        b.el(other, "Id", batch.creditor.cuc)
        b.el(other, "Issr", "CBI")


def _payment_info(b, root, dialect, batch, number, key, collections):
    due_date, sequence_type, scheme = key
    creditor = batch.creditor
    info = b.el(root, "PmtInf")
    b.el(info, "PmtInfId", f"{batch.message_id[:30]}-{number:04d}")
    b.el(info, "PmtMtd", "DD")
    b.el(info, "BtchBookg", "true")
    if dialect.pmtinf_totals:
        b.el(info, "NbOfTxs", str(len(collections)))
        b.el(info, "CtrlSum", amount_text(sum(c.amount_cents for c in collections)))
    kind = b.el(info, "PmtTpInf")
    b.path(kind, "SvcLvl/Cd", "SEPA")
    b.path(kind, "LclInstrm/Cd", scheme)
    b.el(kind, "SeqTp", sequence_type)
    b.el(info, "ReqdColltnDt", due_date.isoformat())
    party = b.el(info, "Cdtr")
    b.el(party, "Nm", _sepa(creditor.name, 70))
    _address(b, party, creditor.address)
    b.path(info, "CdtrAcct/Id/IBAN", iban.normalize(creditor.iban))
    agent = b.el(info, "CdtrAgt")
    if dialect.cbi:
        abi = iban.normalize(creditor.iban)[5:10]
        b.path(agent, "FinInstnId/ClrSysMmbId/MmbId", abi)
    else:
        _agent(b, agent, dialect, creditor.bic, True)
    b.el(info, "ChrgBr", "SLEV")
    _scheme_id(b, b.el(info, "CdtrSchmeId"), creditor.creditor_id)
    for index, collection in enumerate(collections, start=1):
        _transaction(b, info, dialect, collection, index)


def _amendment(b, parent, dialect, mandate):
    b.el(parent, "AmdmntInd", "true")
    details = b.el(parent, "AmdmntInfDtls")
    if mandate.original_reference:
        b.el(details, "OrgnlMndtId", mandate.original_reference)
    if mandate.original_creditor_id or mandate.original_creditor_name:
        node = b.el(details, "OrgnlCdtrSchmeId")
        if mandate.original_creditor_name:
            b.el(node, "Nm", _sepa(mandate.original_creditor_name, 70))
        if mandate.original_creditor_id:
            other = b.path(node, "Id/PrvtId/Othr")
            b.el(other, "Id", iban.normalize(mandate.original_creditor_id))
            b.path(other, "SchmeNm/Prtry", "SEPA")
    if mandate.original_debtor_iban:
        b.path(details, "OrgnlDbtrAcct/Id/IBAN",
               iban.normalize(mandate.original_debtor_iban))  # fmt: skip
    if mandate.debtor_agent_changed:
        b.path(details, "OrgnlDbtrAgt/FinInstnId/Othr/Id", "SMNDA")


def _transaction(b, parent, dialect, collection, index):
    tx = b.el(parent, "DrctDbtTxInf")
    payment_id = b.el(tx, "PmtId")
    if dialect.cbi or collection.instruction_id:
        b.el(payment_id, "InstrId", collection.instruction_id or str(index))
    b.el(payment_id, "EndToEndId", collection.end_to_end_id)
    amount = b.el(tx, "InstdAmt", amount_text(collection.amount_cents))
    amount.set("Ccy", collection.currency)
    mandate = collection.mandate
    info = b.path(tx, "DrctDbtTx/MndtRltdInf")
    b.el(info, "MndtId", mandate.reference)
    b.el(info, "DtOfSgntr", mandate.signature_date.isoformat())
    if mandate.amended:
        _amendment(b, info, dialect, mandate)
    if collection.debtor_bic or not dialect.cbi:
        _agent(b, b.el(tx, "DbtrAgt"), dialect, collection.debtor_bic, True)
    debtor = b.el(tx, "Dbtr")
    b.el(debtor, "Nm", _sepa(collection.debtor_name, 70))
    _address(b, debtor, collection.debtor_address)
    b.path(tx, "DbtrAcct/Id/IBAN", iban.normalize(collection.debtor_iban))
    if collection.remittance:
        b.path(tx, "RmtInf/Ustrd", _sepa(collection.remittance, 140))


def build_body(b, root, dialect, batch):
    """Append GrpHdr and the PmtInf blocks of batch to root."""
    total = sum(collection.amount_cents for collection in batch.collections)
    _group_header(b, root, dialect, batch, total)
    groups = sdd.group_collections(batch.collections)
    for number, (key, collections) in enumerate(groups, start=1):
        _payment_info(b, root, dialect, batch, number, key, collections)
    return root
