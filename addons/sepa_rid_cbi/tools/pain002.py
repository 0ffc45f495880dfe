"""Parser of payment status reports: pain.002.001.03 / .10 and CBISDDStsRptLogMsg."""

from dataclasses import dataclass

from .errors import FileFormatError, _lt
from .xmlutil import Reader, local, namespace, parse_xml

FLAVOURS = {
    "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03": "pain.002.001.03",
    "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10": "pain.002.001.10",
    "urn:CBI:xsd:CBISDDStsRptLogMsg.00.01.00": "CBISDDStsRptLogMsg.00.01.00",
}
TX_STATUSES = ("ACCP", "ACSC", "ACSP", "ACTC", "ACWC", "PDNG", "RJCT", "PART",
               "ACCC", "ACFC", "ACWP", "RCVD", "CANC", "BLCK")  # fmt: skip


@dataclass(frozen=True)
class TransactionStatus:
    """Status of one original transaction; amount in cents when reported."""

    original_end_to_end_id: str
    original_instruction_id: str
    original_payment_info_id: str
    status: str
    reason_code: str
    amount_cents: int | None
    where: object = None  # Where of the transaction in the file, for messages


@dataclass(frozen=True)
class StatusReport:
    """A parsed status report."""

    flavour: str
    message_id: str
    original_message_id: str
    group_status: str
    group_reason_code: str
    transactions: tuple
    original_where: object = None  # Where of OrgnlMsgId, for messages


def _root_and_body(tree):
    root = tree.getroot()
    flavour = FLAVOURS.get(namespace(root))
    if flavour is None:
        raise FileFormatError(
            _lt("%(path)s: namespace %(ns)s is not a supported status report."),
            path="/" + local(root),
            ns=namespace(root) or "-",
        )
    if flavour.startswith("CBI"):
        if local(root) != "CBISDDStsRptLogMsg":
            raise FileFormatError(
                _lt("/%(name)s: CBISDDStsRptLogMsg expected as root element."),
                name=local(root),
            )
        return flavour, root
    body = root.find(f"{{{namespace(root)}}}CstmrPmtStsRpt")
    if local(root) != "Document" or body is None:
        raise FileFormatError(_lt("/%(name)s: Document/CstmrPmtStsRpt expected."), name=local(root))
    return flavour, body


def _reason(reader, element):
    return reader.text(element, "StsRsnInf/Rsn/Cd") or reader.text(element, "StsRsnInf/Rsn/Prtry")


def _transaction(reader, tx, payment_info_id, seen):
    e2e = reader.text(tx, "OrgnlEndToEndId", required=True)
    status = reader.text(tx, "TxSts", required=True)
    where = reader.where(tx)
    if status not in TX_STATUSES:
        raise FileFormatError(
            _lt("%(path)s: transaction status %(status)s is unknown."),
            path=where,
            status=status,
        )
    if e2e in seen:
        raise FileFormatError(
            _lt("%(path)s: end-to-end id %(id)s is reported twice."),
            path=where,
            id=e2e,
        )
    seen.add(e2e)
    reason = _reason(reader, tx)
    if status == "RJCT" and not reason:
        raise FileFormatError(
            _lt("%(path)s: rejected transaction %(id)s has no reason code."),
            path=where,
            id=e2e,
        )
    return TransactionStatus(
        original_end_to_end_id=e2e,
        original_instruction_id=reader.text(tx, "OrgnlInstrId"),
        original_payment_info_id=payment_info_id,
        status=status,
        reason_code=reason,
        amount_cents=reader.cents(tx, "OrgnlTxRef/Amt/InstdAmt"),
        where=reader.where(tx, "OrgnlEndToEndId"),
    )


def parse(data, expected_message_id=None):
    """StatusReport of a pain.002 / CBI status report; rejects it whole if bad."""
    tree = parse_xml(data)
    flavour, body = _root_and_body(tree)
    reader = Reader(tree)
    group = reader.all(body, "OrgnlGrpInfAndSts")
    if len(group) != 1:
        raise FileFormatError(
            _lt("%(path)s: exactly one OrgnlGrpInfAndSts expected, %(n)s found."),
            path=reader.where(body),
            n=len(group),
        )
    original_id = reader.text(group[0], "OrgnlMsgId", required=True)
    if expected_message_id and original_id != expected_message_id:
        raise FileFormatError(
            _lt("%(path)s: the report refers to message %(found)s, %(expected)s expected."),
            path=reader.where(group[0]),
            found=original_id,
            expected=expected_message_id,
        )
    seen = set()
    transactions = []
    for info in reader.all(body, "OrgnlPmtInfAndSts"):
        info_id = reader.text(info, "OrgnlPmtInfId", required=True)
        for tx in reader.all(info, "TxInfAndSts"):
            transactions.append(_transaction(reader, tx, info_id, seen))
    group_status = reader.text(group[0], "GrpSts")
    if not group_status and not transactions:
        raise FileFormatError(
            _lt("%(path)s: the report has neither a group status nor transactions."),
            path=reader.where(group[0]),
        )
    return StatusReport(
        flavour=flavour,
        message_id=reader.text(body, "GrpHdr/MsgId", required=True),
        original_message_id=original_id,
        group_status=group_status,
        group_reason_code=_reason(reader, group[0]),
        transactions=tuple(transactions),
        original_where=reader.where(group[0], "OrgnlMsgId"),
    )
