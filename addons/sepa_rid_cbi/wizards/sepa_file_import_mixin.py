import base64

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools import sniff
from ..tools.errors import DomainError, _lt, term


class SepaFileImportMixin(models.AbstractModel):
    """What every bank-file import wizard shares: the uploaded file, the
    refusal of a file already imported, a whole-file rejection message and the
    result shown in the wizard."""

    _name = "sepa.file.import.mixin"
    _description = "Bank File Import Wizard"
    _import_kind = None  # key of sepa.file.import records ("return", "transfer", "mandate")
    _import_title = None

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    data_file = fields.Binary(string="File", required=True)
    filename = fields.Char()
    result = fields.Text(readonly=True)

    def _read_file(self):
        """The file's bytes; a file larger than the company's limit is
        refused here, before any parser reads it."""
        self.ensure_one()
        data = base64.b64decode(self.data_file or b"")
        limit_mb = self.company_id.sepa_import_max_size_mb
        if len(data) > limit_mb * 1024 * 1024:
            size = format(len(data) / (1024 * 1024), ".1f")
            raise UserError(
                self.env._(
                    "File %(file)s rejected, nothing was imported: it is %(size)s MB, "
                    "larger than the %(limit)s MB a bank file may be (Collections "
                    "settings). Split the file or ask the bank for a smaller extract.",
                    file=self.filename or "-",
                    size=size,
                    limit=limit_mb,
                )
            )
        return data

    def _known(self, content):
        """(content hash, 'nothing changed' action when this content was
        already imported, else None). Nothing is written for a known file."""
        Import = self.env["sepa.file.import"]
        content_hash = Import._content_hash(content)
        duplicate = Import._find_duplicate(self._import_kind, content_hash, self.company_id)
        if duplicate:
            return content_hash, self._done(duplicate._duplicate_text())
        return content_hash, None

    def _is_xml(self, data):
        """True for an XML file (after a byte order mark); an archive, UTF-16
        text or a document is refused here, named for what it is."""
        try:
            sniff.check_container(data, term(_lt("a bank file (XML or CBI text)")))
        except DomainError as error:
            self._raise_format(error)
        return sniff.strip_bom(data).lstrip()[:1] == b"<"

    def _raise_format(self, error):
        raise UserError(
            self.env._(
                "File %(file)s rejected, nothing was imported: %(error)s",
                file=self.filename or "-",
                error=error.render(self.env._),
            )
        ) from error

    def _done(self, text):
        self.result = text
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self._import_title._translate(self.env.lang or "en_US"),
        }
