"""Render QWeb PDF reports through the real wkhtmltopdf and read them back.

In test mode Odoo renders reports as HTML unless the context has
``force_report_rendering``; with it, ``_render_qweb_pdf`` runs the
wkhtmltopdf binary, which loads the report's CSS and fonts from the test
HTTP server (hence HttpCase, whose server shares the test transaction).

Debian's wkhtmltopdf (unpatched Qt) draws web fonts (Odoo's Lato) as
outlines, so pdftotext finds no text in a styled PDF. The text is therefore
read from a second rendering by the same binary with the report URL
pointing at a closed port: same template, same data, system fonts, no CSS.
Both renderings log wkhtmltopdf's warnings (switches ignored by unpatched
Qt, resources not loaded), which are expected here and muted.
"""

import shutil
import socket
import subprocess

from odoo.tools import mute_logger

REPORT_LOGGER = "odoo.addons.base.models.ir_actions_report"


class ReportPdfMixin:
    """For HttpCase classes: ``_render_pdf`` and ``_pdf_text``."""

    @classmethod
    def _setup_italian(cls, modules):
        cls.env["res.lang"]._activate_lang("it_IT")
        cls.env["ir.module.module"]._load_module_terms(modules, ["it_IT"], overwrite=True)

    def _render_pdf(self, report_ref, records):
        for tool in ("wkhtmltopdf", "pdftotext", "pdfinfo"):
            self.assertTrue(
                shutil.which(tool),
                f"{tool} is missing: setup/bootstrap.sh installs Debian's wkhtmltopdf and "
                "poppler-utils (apt-get install wkhtmltopdf poppler-utils)",
            )
        reports = self.env["ir.actions.report"].with_context(
            force_report_rendering=True, lang="it_IT", report_pdf_no_attachment=True
        )
        with mute_logger(REPORT_LOGGER):
            pdf, kind = reports._render_qweb_pdf(report_ref, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), "wkhtmltopdf made a PDF")
        return pdf

    def _pdf_pages(self, pdf):
        done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
        for line in done.stdout.decode().splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
        return 0

    def _pdf_text(self, report_ref, records):
        """Text of the PDF rendered with system fonts (see the module docstring)."""
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            closed_port = free.getsockname()[1]
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{closed_port}"
        )
        try:
            pdf = self._render_pdf(report_ref, records)
        finally:
            self.env["ir.config_parameter"].sudo().set_param("report.url", False)
        done = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        )
        return " ".join(done.stdout.decode().split())
