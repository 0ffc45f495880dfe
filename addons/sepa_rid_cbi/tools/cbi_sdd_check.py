"""The project's own checks of a CBI-SDD request (CBIBdySDDReq /
CBISDDReqLogMsg 00.01.00 and 00.01.01), used where the CBI schemas are not
available (they cannot be shipped with the addon).

They cover every constraint the CBI schemas put on the elements the writer
(``sdd_xml.build_body``) emits -- lengths (Max16/35/70/140Text, minLength 1),
patterns (IBAN2007Identifier, BICFI/AnyBIC, CountryCode, Max15NumericText),
code lists (PaymentMethod2Code, CBIServiceLevel2Code, SequenceType1Code,
CBIChargeBearerTypeCode, the physical message types), ISODate and
ISODateTime, amounts (decimal, 2 fraction digits, 18 total digits, not
negative) and cardinalities (the elements that must be there, one group
header, at least one payment information and transaction) -- plus what no
schema can say: CtrlSum and NbOfTxs agree with the transactions, amounts
are positive and in euro. An element the writer never emits is refused.
Tests prove that the files the suite generates pass both these checks and
the official schemas, and that every broken variant is refused by both or by
these checks first.
"""

import datetime as dt
import re
from decimal import Decimal

from .errors import ValidationError, _lt
from .xmlutil import local, namespace, where

_MAX = {
    16: ("PstCd",),
    35: ("MsgId", "PmtInfId", "InstrId", "EndToEndId", "MndtId", "OrgnlMndtId", "MmbId",
         "Id", "Issr", "Prtry", "TwnNm"),
    70: ("Nm", "StrtNm"),
    140: ("Ustrd",),
}  # fmt: skip
MAX_LENGTH = {name: length for length, names in _MAX.items() for name in names}
PATTERNS = {
    "IBAN": re.compile(r"[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}"),
    "BICFI": re.compile(r"[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?"),
    "BIC": re.compile(r"[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?"),
    "Ctry": re.compile(r"[A-Z]{2}"),
    "NbOfTxs": re.compile(r"[0-9]{1,15}"),
    "NbOfLogMsg": re.compile(r"[0-9]{1,15}"),
}
CODES = {
    "PmtMtd": ("DD",),
    "BtchBookg": ("true", "false", "1", "0"),
    "AmdmntInd": ("true", "false", "1", "0"),
    "SeqTp": ("FRST", "RCUR", "FNAL", "OOFF"),
    "ChrgBr": ("SLEV",),
    "PhyMsgTpCd": ("INC-SDDC-01", "INC-SDDB-01"),
}
# Cd depends on its parent
PARENT_CODES = {"SvcLvl": ("SEPA",), "LclInstrm": ("CORE", "B2B")}
DATES = ("ReqdColltnDt", "DtOfSgntr")
DATETIMES = ("CreDtTm",)
AMOUNTS = ("InstdAmt", "CtrlSum")
CONTAINERS = frozenset(
    {
        "CBIBdySDDReq",
        "Id",
        "PhyMsgInf",
        "CBIEnvelSDDReqLogMsg",
        "CBISDDReqLogMsg",
        "GrpHdr",
        "InitgPty",
        "OrgId",
        "Othr",
        "PmtInf",
        "PmtTpInf",
        "SvcLvl",
        "LclInstrm",
        "Cdtr",
        "PstlAdr",
        "CdtrAcct",
        "CdtrAgt",
        "FinInstnId",
        "ClrSysMmbId",
        "CdtrSchmeId",
        "PrvtId",
        "SchmeNm",
        "DrctDbtTxInf",
        "PmtId",
        "DrctDbtTx",
        "MndtRltdInf",
        "AmdmntInfDtls",
        "OrgnlCdtrSchmeId",
        "OrgnlDbtrAcct",
        "OrgnlDbtrAgt",
        "DbtrAgt",
        "Dbtr",
        "DbtrAcct",
        "RmtInf",
    }
)
LEAVES = frozenset({*MAX_LENGTH, *PATTERNS, *CODES, *DATES, *DATETIMES, *AMOUNTS, "Cd"})
REQUIRED = {
    "GrpHdr": ("MsgId", "CreDtTm", "NbOfTxs", "CtrlSum", "InitgPty/Nm"),
    "PmtInf": ("PmtInfId", "PmtMtd", "PmtTpInf/SvcLvl/Cd", "PmtTpInf/LclInstrm/Cd",
               "PmtTpInf/SeqTp", "ReqdColltnDt", "Cdtr/Nm", "CdtrAcct/Id/IBAN",
               "CdtrAgt/FinInstnId", "CdtrSchmeId/Id/PrvtId/Othr/Id", "DrctDbtTxInf"),
    "DrctDbtTxInf": ("PmtId/EndToEndId", "InstdAmt", "DrctDbtTx/MndtRltdInf/MndtId",
                     "DrctDbtTx/MndtRltdInf/DtOfSgntr", "Dbtr/Nm", "DbtrAcct/Id/IBAN"),
}  # fmt: skip
_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")


def _fail(element, message, **params):
    return ValidationError(message, path=where(element), **params)


def _find(element, path, ns):
    return element.find("/".join(f"{{{ns}}}{part}" for part in path.split("/")))


def _amount(element):
    text = (element.text or "").strip()
    if not _DECIMAL.fullmatch(text):
        raise _fail(element, _lt("%(path)s: '%(value)s' is not a decimal amount."), value=text)
    whole, _dot, fraction = text.partition(".")
    if len(fraction.rstrip("0")) > 2 or len(whole.lstrip("0") + fraction.rstrip("0")) > 18:
        raise _fail(
            element, _lt("%(path)s: %(value)s has more than 2 decimals or 18 digits."), value=text
        )
    value = Decimal(text)
    if local(element) == "InstdAmt":
        if value <= 0:
            raise _fail(
                element, _lt("%(path)s: %(value)s: an amount must be positive."), value=text
            )
        if element.get("Ccy") != "EUR":
            raise _fail(
                element,
                _lt("%(path)s: currency %(ccy)s, EUR expected."),
                ccy=element.get("Ccy") or "-",
            )
    return value


def _leaf(element):
    name = local(element)
    text = element.text or ""
    if name in MAX_LENGTH and not 1 <= len(text) <= MAX_LENGTH[name]:
        raise _fail(
            element,
            _lt("%(path)s: %(length)s characters, 1 to %(max)s allowed."),
            length=len(text),
            max=MAX_LENGTH[name],
        )
    if name in PATTERNS and not PATTERNS[name].fullmatch(text):
        raise _fail(
            element,
            _lt("%(path)s: '%(value)s' does not match %(pattern)s."),
            value=text,
            pattern=PATTERNS[name].pattern,
        )
    codes = CODES.get(name)
    if name == "Cd":
        codes = PARENT_CODES.get(local(element.getparent()))
        if codes is None:
            raise _fail(element, _lt("%(path)s: unexpected code element."))
    if codes is not None and text not in codes:
        raise _fail(
            element,
            _lt("%(path)s: '%(value)s' is not one of %(codes)s."),
            value=text,
            codes=", ".join(codes),
        )
    if name in DATES:
        try:
            dt.date.fromisoformat(text)
            if len(text) != 10:
                raise ValueError(text)
        except ValueError:
            raise _fail(
                element, _lt("%(path)s: '%(value)s' is not a YYYY-MM-DD date."), value=text
            ) from None
    if name in DATETIMES:
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            raise _fail(
                element, _lt("%(path)s: '%(value)s' is not a date and time."), value=text
            ) from None
    if name in AMOUNTS:
        _amount(element)


def check(tree):
    """Raise ValidationError (naming the element) when the CBI-SDD request
    tree breaks a constraint; return the number of transactions checked."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    if not namespace(root).startswith("urn:CBI:xsd:") or local(root) not in (
        "CBIBdySDDReq",
        "CBISDDReqLogMsg",
    ):
        raise ValidationError(
            _lt("The document is not a CBI-SDD request (namespace %(ns)s)."),
            ns=namespace(root) or "-",
        )
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = local(element)
        if name in LEAVES and not len(element):
            _leaf(element)
        elif name not in CONTAINERS:
            raise _fail(
                element, _lt("%(path)s: element %(name)s is not part of the request."), name=name
            )
    messages = (
        [root]
        if local(root) == "CBISDDReqLogMsg"
        else [m for m in root.iter() if isinstance(m.tag, str) and local(m) == "CBISDDReqLogMsg"]
    )
    if local(root) == "CBIBdySDDReq":
        count = _find(root, "PhyMsgInf/NbOfLogMsg", namespace(root))
        if count is None or int(count.text) != len(messages):
            raise _fail(
                root,
                _lt("%(path)s: NbOfLogMsg does not match the %(n)s logical messages."),
                n=len(messages),
            )
    total = 0
    for message in messages:
        total += _check_message(message)
    return total


def _required(element, ns):
    for path in REQUIRED[local(element)]:
        if _find(element, path, ns) is None:
            raise _fail(
                element, _lt("%(path)s: required element %(child)s is missing."), child=path
            )


def _check_message(message):
    # in CBIBdySDDReq the envelope's message element is in the body namespace,
    # its content in the logical message's one
    children = [child for child in message if isinstance(child.tag, str)]
    ns = namespace(children[0]) if children else namespace(message)
    headers = message.findall(f"{{{ns}}}GrpHdr")
    if len(headers) != 1:
        raise _fail(
            message, _lt("%(path)s: exactly one GrpHdr expected, %(n)s found."), n=len(headers)
        )
    header = headers[0]
    _required(header, ns)
    infos = message.findall(f"{{{ns}}}PmtInf")
    if not infos:
        raise _fail(message, _lt("%(path)s: required element PmtInf is missing."))
    amounts = []
    for info in infos:
        _required(info, ns)
        for tx in info.findall(f"{{{ns}}}DrctDbtTxInf"):
            _required(tx, ns)
            amounts.append(_amount(_find(tx, "InstdAmt", ns)))
    number = _find(header, "NbOfTxs", ns)
    if int(number.text) != len(amounts):
        raise _fail(
            number,
            _lt("%(path)s: %(found)s, the message holds %(n)s transactions."),
            found=number.text,
            n=len(amounts),
        )
    control = _find(header, "CtrlSum", ns)
    if _amount(control) != sum(amounts, Decimal(0)):
        raise _fail(
            control,
            _lt("%(path)s: %(found)s, the transactions add up to %(total)s."),
            found=control.text,
            total=sum(amounts, Decimal(0)),
        )
    return len(amounts)
