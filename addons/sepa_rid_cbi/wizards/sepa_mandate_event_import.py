import csv
import datetime as dt
import io

from odoo import _lt, models
from odoo.exceptions import UserError

from ..tools import iban, seda, sniff
from ..tools.errors import DomainError, FileFormatError
from ..tools.errors import ValidationError as ToolValidationError

COLUMNS = seda.COLUMNS
# the bank's answers; NWC (requested) is what the creditor sends
EVENTS = ("confirmed", "amended", "revoked")


class SepaMandateEventImport(models.TransientModel):
    """Mandate alignment events from the project's own SEDA interchange CSV
    (layout and sources in tools/seda.py):

    mandate_reference,event,date,new_iban,new_reference,note[,mandate_type]

    event is confirmed (REC, positive response to a new mandate NWC), amended
    (MDC) or revoked (DLC) -- the SEDA codes are accepted too; NWC rows (the
    creditor's own requests, written by the mandates' SEDA export) are refused;
    date is YYYY-MM-DD; new_iban and new_reference are only read for
    'amended'; mandate_type, optional, is a SEDA mandate type (CORSEDEM,
    CORSEDPM, B2BSEDEM, B2BSEDPM) whose scheme must be the mandate's. The file
    is rejected whole when a line is wrong; the same content imported twice
    changes nothing.
    """

    _name = "sepa.mandate.event.import"
    _inherit = ["sepa.file.import.mixin"]
    _description = "Import Mandate Alignment Events"
    _import_kind = "mandate"
    _import_title = _lt("Import Mandate Alignment")

    def _fail(self, line, reason, **params):
        raise UserError(
            self.env._(
                "File %(file)s rejected, nothing was imported: line %(line)s: %(reason)s",
                file=self.filename or "-",
                line=line,
                reason=reason % params if params else reason,
            )
        )

    @staticmethod
    def _normalised(row):
        """A row as its content: values stripped, SEDA codes as event names."""
        cells = [cell.strip() for cell in row]
        if len(cells) > 1:
            cells[1] = seda.FLOWS.get(cells[1].upper(), cells[1])
        if len(cells) > len(COLUMNS):
            # an empty mandate type column is the same content as none
            cells[len(COLUMNS)] = cells[len(COLUMNS)].upper()
            if not cells[len(COLUMNS)]:
                del cells[len(COLUMNS)]
        return cells

    def _rows(self, data):
        try:
            if not data.strip():
                raise FileFormatError(seda.EMPTY_FILE)
            sniff.check_container(data, seda.FILE_KIND)
            data = sniff.strip_bom(data)
            sniff.check_controls(data, allowed=b"\r\n\t")
        except FileFormatError as error:
            self._raise_format(error)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self._fail(1, self.env._("the file is not UTF-8 text."))
        rows = list(csv.reader(io.StringIO(text)))
        header = tuple(c.strip().lower() for c in rows[0]) if rows else ()
        if header not in (COLUMNS, (*COLUMNS, seda.TYPE_COLUMN)):
            self._fail(
                1,
                self.env._("the header must be: %(columns)s[,%(type)s]"),
                columns=",".join(COLUMNS),
                type=seda.TYPE_COLUMN,
            )
        if len(rows) < 2:
            self._fail(1, self.env._("the file has no event."))
        return len(header), rows[1:]

    def action_import(self):
        self.ensure_one()
        data = self._read_file()
        Import = self.env["sepa.file.import"]
        width, rows = self._rows(data)
        # the events the file carries, whatever its line ends, BOM or spacing
        content_hash, known = self._known(
            ["mandate", [self._normalised(row) for row in rows if any(row)]]
        )
        if known:
            return known
        references = {row[0].strip() for row in rows if row}
        mandates = {
            m.name: m
            for m in self.env["sepa.mandate"].search(
                [("company_id", "=", self.company_id.id), ("name", "in", list(references))]
            )
        }
        values = []
        for number, row in enumerate(rows, start=2):
            if len(row) != width:
                self._fail(
                    number,
                    self.env._("%(count)s columns, %(width)s expected."),
                    count=len(row),
                    width=width,
                )
            ref, event, date, new_iban, new_ref, note, *rest = (c.strip() for c in row)
            mandate_type = rest[0].upper() if rest else ""
            event = seda.FLOWS.get(event.upper(), event)
            mandate = mandates.get(ref)
            if not mandate:
                self._fail(number, self.env._("mandate %(ref)s is unknown."), ref=ref)
            if event == "requested":
                self._fail(
                    number,
                    self.env._(
                        "NWC is the alignment request the company sends, not an answer "
                        "of the debtor's bank (REC, MDC, DLC)."
                    ),
                )
            if event not in EVENTS:
                self._fail(
                    number,
                    self.env._(
                        "event %(event)s is not confirmed, amended or revoked (SEDA: "
                        "REC, MDC, DLC)."
                    ),
                    event=event,
                )
            if mandate_type:
                try:
                    scheme, _form = seda.split_mandate_type(mandate_type)
                except DomainError as error:
                    self._fail(number, error.render(self.env._))
                if scheme != mandate.scheme:
                    self._fail(
                        number,
                        self.env._(
                            "mandate type %(type)s is for the %(scheme)s scheme, mandate "
                            "%(ref)s is %(own)s."
                        ),
                        type=mandate_type,
                        scheme=scheme,
                        ref=ref,
                        own=mandate.scheme,
                    )
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                self._fail(number, self.env._("date %(date)s is not YYYY-MM-DD."), date=date)
            if event == "amended":
                if not (new_iban or new_ref):
                    self._fail(number, self.env._("an amendment needs a new IBAN or reference."))
                if new_iban:
                    try:
                        new_iban = iban.validate_iban(new_iban)
                    except ToolValidationError as error:
                        self._fail(number, error.render(self.env._))
            values.append(
                {
                    "mandate_id": mandate.id,
                    "event_type": event,
                    "date": day,
                    "new_iban": new_iban or False,
                    "new_reference": new_ref or False,
                    "note": note or False,
                    "seda_mandate_type": mandate_type or False,
                    "source": "import",
                }
            )
        record = Import.create(
            {
                "name": self.filename or "mandates.csv",
                "company_id": self.company_id.id,
                "kind": "mandate",
                "file_format": "csv",
                "file_hash": content_hash,
            }
        )
        events = self.env["sepa.mandate.event"].create(
            [dict(v, import_id=record.id) for v in values]
        )
        events.action_apply()
        record.summary = self.env._(
            "%(count)s alignment event(s) imported and applied.", count=len(events)
        )
        return self._done(record.summary)
