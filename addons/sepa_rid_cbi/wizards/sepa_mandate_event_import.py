import base64
import csv
import datetime as dt
import io

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools import iban, sniff
from ..tools.errors import FileFormatError, _lt, term
from ..tools.errors import ValidationError as ToolValidationError

COLUMNS = ("mandate_reference", "event", "date", "new_iban", "new_reference", "note")
EVENTS = ("confirmed", "amended", "revoked")
# the SEDA creditor-side flows name the same events
SEDA_EVENTS = {"REC": "confirmed", "MDC": "amended", "DLC": "revoked"}


class SepaMandateEventImport(models.TransientModel):
    """Mandate alignment events from a CSV file (UTF-8, comma separated):

    mandate_reference,event,date,new_iban,new_reference,note

    This is the project's own interchange format (no public SEDA message
    layout was found); its events are the SEDA creditor-side flows: event is
    confirmed (REC, positive response to a new mandate NWC), amended (MDC) or
    revoked (DLC) -- the SEDA codes are accepted too; date is YYYY-MM-DD; new_iban and
    new_reference are only read for 'amended'. The file is rejected whole
    when a line is wrong; the same file imported twice changes nothing.
    """

    _name = "sepa.mandate.event.import"
    _description = "Import Mandate Alignment Events"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    data_file = fields.Binary(string="File", required=True)
    filename = fields.Char()
    result = fields.Text(readonly=True)

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
            cells[1] = SEDA_EVENTS.get(cells[1].upper(), cells[1])
        return cells

    def _rows(self, data):
        try:
            if not data.strip():
                raise FileFormatError(_lt("The file is empty."))
            sniff.check_container(data, term(_lt("a CSV text file")))
            data = sniff.strip_bom(data)
            sniff.check_controls(data, allowed=b"\r\n\t")
        except FileFormatError as error:
            raise UserError(
                self.env._(
                    "File %(file)s rejected, nothing was imported: %(error)s",
                    file=self.filename or "-",
                    error=error.render(self.env._),
                )
            ) from error
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self._fail(1, self.env._("the file is not UTF-8 text."))
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or tuple(c.strip().lower() for c in rows[0]) != COLUMNS:
            self._fail(1, self.env._("the header must be: %(columns)s"), columns=",".join(COLUMNS))
        if len(rows) < 2:
            self._fail(1, self.env._("the file has no event."))
        return rows[1:]

    def action_import(self):
        self.ensure_one()
        data = base64.b64decode(self.data_file or b"")
        Import = self.env["sepa.file.import"]
        rows = self._rows(data)
        # the events the file carries, whatever its line ends, BOM or spacing
        content_hash = Import._content_hash(
            ["mandate", [self._normalised(row) for row in rows if any(row)]]
        )
        duplicate = Import._find_duplicate("mandate", content_hash, self.company_id)
        if duplicate:
            self.result = duplicate._duplicate_text()
            return self._reopen()
        references = {row[0].strip() for row in rows if row}
        mandates = {
            m.name: m
            for m in self.env["sepa.mandate"].search(
                [("company_id", "=", self.company_id.id), ("name", "in", list(references))]
            )
        }
        values = []
        for number, row in enumerate(rows, start=2):
            if len(row) != len(COLUMNS):
                self._fail(number, self.env._("%(count)s columns, 6 expected."), count=len(row))
            ref, event, date, new_iban, new_ref, note = (c.strip() for c in row)
            event = SEDA_EVENTS.get(event.upper(), event)
            mandate = mandates.get(ref)
            if not mandate:
                self._fail(number, self.env._("mandate %(ref)s is unknown."), ref=ref)
            if event not in EVENTS:
                self._fail(
                    number,
                    self.env._(
                        "event %(event)s is not confirmed, amended or revoked (SEDA: "
                        "REC, MDC, DLC)."
                    ),
                    event=event,
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
        record.summary = self.result = self.env._(
            "%(count)s alignment event(s) imported and applied.", count=len(events)
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import Mandate Alignment"),
        }
