from pathlib import Path

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import iban
from ..tools.errors import ValidationError as ToolValidationError

# The shared CBI schemas live beside the repository: <repository>/../shared/...
REPOSITORY_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_CBI_XSD_DIR = REPOSITORY_ROOT / ".." / "shared" / "data" / "xsd" / "cbi"


def default_cbi_xsd_dir():
    """The default CBI XSD folder when it exists, else None."""
    folder = DEFAULT_CBI_XSD_DIR.resolve()
    return str(folder) if folder.is_dir() else None


class ResCompany(models.Model):
    _inherit = "res.company"

    sepa_creditor_identifier = fields.Char(
        string="SEPA Creditor Identifier",
        help="Creditor identifier assigned by the bank (e.g. IT66ZZZ...), checked "
        "with ISO 7064 mod 97-10.",
    )
    sepa_cbi_cuc = fields.Char(
        string="CBI Customer Code (CUC)",
        help="CBI code of the company, required by the CBI-SDD files.",
    )
    sepa_sia_code = fields.Char(
        string="SIA Code",
        size=5,
        help="5-character SIA code of the company, used by RiBa and CBI flows.",
    )
    sepa_import_max_size_mb = fields.Integer(
        string="Bank File Size Limit (MB)",
        default=20,
        help="Largest bank file (returns, transfers, mandate alignment) an import "
        "accepts, in megabytes; a larger file is refused before it is read.",
    )
    sepa_cbi_xsd_dir = fields.Char(
        string="CBI Schema Folder",
        help="Folder holding the CBI XSD files. Empty: the shared folder "
        "../shared/data/xsd/cbi beside the repository, when it exists.",
    )

    @api.constrains("sepa_creditor_identifier")
    def _check_sepa_creditor_identifier(self):
        for company in self.filtered("sepa_creditor_identifier"):
            try:
                iban.validate_creditor_id(company.sepa_creditor_identifier)
            except ToolValidationError as error:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: %(error)s",
                        company=company.name,
                        error=error.render(self.env._),
                    )
                ) from error

    @api.constrains("sepa_sia_code")
    def _check_sepa_sia_code(self):
        for company in self.filtered("sepa_sia_code"):
            code = company.sepa_sia_code
            if len(code) != 5 or not code.isalnum():
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the SIA code must be 5 letters or digits.",
                        company=company.name,
                    )
                )

    @api.constrains("sepa_import_max_size_mb")
    def _check_sepa_import_max_size_mb(self):
        for company in self:
            if company.sepa_import_max_size_mb < 1:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the bank file size limit must be at least 1 MB.",
                        company=company.name,
                    )
                )

    def _sepa_cbi_xsd_dir(self):
        """Folder of the CBI XSDs to use (configured or default), or None."""
        self.ensure_one()
        return self.sepa_cbi_xsd_dir or default_cbi_xsd_dir()
