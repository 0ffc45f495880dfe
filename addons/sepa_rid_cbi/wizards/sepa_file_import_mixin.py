import base64

from odoo import fields, models
from odoo.exceptions import UserError


class SepaFileImportMixin(models.AbstractModel):
    """What every bank-file import wizard shares: the uploaded file, the
    refusal of a file already imported, a whole-file rejection message and the
    result shown in the wizard."""

    _name = "sepa.file.import.mixin"
    _description = "Bank File Import Wizard"
    _import_kind = None  # key of sepa.file.import records ("return", "transfer")
    _import_title = None

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    data_file = fields.Binary(string="File", required=True)
    filename = fields.Char()
    result = fields.Text(readonly=True)

    def _read_file(self):
        """The file's bytes, or a 'nothing changed' action for a known file."""
        self.ensure_one()
        data = base64.b64decode(self.data_file or b"")
        duplicate = self.env["sepa.file.import"]._find_duplicate(self._import_kind, data)
        if duplicate:
            return data, self._done(
                self.env._(
                    "File already imported on %(date)s (%(name)s): nothing changed.",
                    date=duplicate.create_date,
                    name=duplicate.name,
                )
            )
        return data, None

    def _raise_format(self, error):
        raise UserError(
            self.env._(
                "File %(file)s rejected, nothing was imported: %(error)s",
                file=self.filename or "-",
                error=self.env._(error.message, **error.params),
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
