from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.contract_recurring.models.recurring_contract import CYCLES
from odoo.addons.contract_recurring.tools.schedule import CYCLE_MONTHS


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    recurring = fields.Boolean(
        compute="_compute_recurring",
        store=True,
        readonly=False,
        precompute=True,
        help="Billed by the contract created when the quotation is confirmed, "
        "never invoiced by the order itself.",
    )
    recurring_cycle = fields.Selection(
        selection=CYCLES,
        string="Billing Cycle",
        compute="_compute_recurring_terms",
        store=True,
        readonly=False,
        precompute=True,
    )
    recurring_date_start = fields.Date(
        string="Contract Start",
        compute="_compute_recurring_terms",
        store=True,
        readonly=False,
        precompute=True,
    )
    recurring_duration = fields.Integer(
        string="Duration (months)",
        compute="_compute_recurring_terms",
        store=True,
        readonly=False,
        precompute=True,
        help="Validity of the contract in months. The line's amount is the yearly "
        "fee (repeated every year of a longer contract); for a duration shorter "
        "than a year, the amount of the whole validity.",
    )
    recurring_date_end = fields.Date(string="Contract End", compute="_compute_recurring_date_end")
    recurring_contract_line_ids = fields.One2many(
        "recurring.contract.line", "sale_line_id", string="Contract Lines"
    )
    recurring_prepaid_hours = fields.Boolean(
        related="product_id.product_tmpl_id.recurring_prepaid_hours"
    )
    recurring_hour_contract_id = fields.Many2one(
        "recurring.contract",
        string="Hours for Contract",
        copy=False,
        groups="contract_recurring.group_contract_user",
        check_company=True,
        domain="[('commercial_partner_id', '=', order_partner_id.commercial_partner_id), "
        "('state', 'in', ('draft', 'active'))]",
        help="Contract the prepaid hours of this line are for; empty: the contract of the order.",
    )
    recurring_hour_block_ids = fields.One2many(
        "recurring.contract.hour.block", "sale_line_id", string="Prepaid Hours Blocks"
    )

    @api.depends("product_id", "display_type")
    def _compute_recurring(self):
        for line in self:
            line.recurring = bool(
                not line.display_type and line.product_id.product_tmpl_id.recurring_service
            )

    @api.depends("recurring", "product_id")
    def _compute_recurring_terms(self):
        for line in self:
            if not line.recurring:
                continue
            template = line.product_id.product_tmpl_id
            if template.recurring_service:  # the product's defaults
                line.recurring_cycle = template.recurring_cycle
                line.recurring_duration = template.recurring_duration
            if not line.recurring_cycle:
                line.recurring_cycle = "annual"
            if not line.recurring_duration:
                line.recurring_duration = 12
            if not line.recurring_date_start:
                line.recurring_date_start = fields.Date.context_today(line)

    @api.depends("recurring", "recurring_date_start", "recurring_duration")
    def _compute_recurring_date_end(self):
        for line in self:
            if line.recurring and line.recurring_date_start and line.recurring_duration > 0:
                line.recurring_date_end = line._recurring_end(
                    line.recurring_date_start, line.recurring_duration
                )
            else:
                line.recurring_date_end = False

    @api.model
    def _recurring_end(self, start, months):
        """Last day of a validity of ``months`` months from ``start``."""
        return start + relativedelta(months=months) - timedelta(days=1)

    @api.constrains(
        "recurring", "recurring_cycle", "recurring_date_start", "recurring_duration", "display_type"
    )
    def _check_recurring_terms(self):
        for line in self.filtered("recurring"):
            label = line.name or line.product_id.display_name or ""
            if line.display_type or not line.product_id:
                raise ValidationError(
                    _(
                        "Quotation %(order)s, line '%(line)s': only product lines can be "
                        "recurring.",
                        order=line.order_id.name,
                        line=label,
                    )
                )
            if not line.recurring_date_start:
                raise ValidationError(
                    _(
                        "Quotation %(order)s, line '%(line)s': a recurring line needs "
                        "the start date of its contract.",
                        order=line.order_id.name,
                        line=label,
                    )
                )
            if line.recurring_duration <= 0:
                raise ValidationError(
                    _(
                        "Quotation %(order)s, line '%(line)s': the duration of a recurring "
                        "line must be at least one month (%(months)s given).",
                        order=line.order_id.name,
                        line=label,
                        months=line.recurring_duration,
                    )
                )
            if not line.recurring_cycle:
                raise ValidationError(
                    _(
                        "Quotation %(order)s, line '%(line)s': a recurring line needs "
                        "its billing cycle.",
                        order=line.order_id.name,
                        line=label,
                    )
                )
            months = CYCLE_MONTHS[line.recurring_cycle]
            # a renewal quotation keeps the period of the contract it renews
            if (
                not line.order_id.recurring_renewal_of_id
                and line.recurring_duration < 12
                and line.recurring_duration % months
            ):
                raise ValidationError(
                    _(
                        "Quotation %(order)s, line '%(line)s': a contract of %(duration)s "
                        "months cannot be billed every %(months)s months; choose a cycle "
                        "that divides the duration.",
                        order=line.order_id.name,
                        line=label,
                        duration=line.recurring_duration,
                        months=months,
                    )
                )

    def write(self, vals):
        terms = {
            "recurring",
            "recurring_cycle",
            "recurring_date_start",
            "recurring_duration",
            "product_uom_qty",
            "price_unit",
            "discount",
        }
        if terms & set(vals):
            # sudo(): whoever edits the order may lack contract rights, the
            # rule holds for everyone
            on_contract = self.sudo().filtered(
                lambda line: line.recurring and line.recurring_contract_line_ids
            )
            changed = on_contract.filtered(
                lambda line: any(
                    line._fields[name].convert_to_cache(vals[name], line)
                    != line._fields[name].convert_to_cache(line[name], line)
                    for name in terms & set(vals)
                )
            )
            if changed:
                raise UserError(
                    _(
                        "Lines %(lines)s are billed by contracts %(contracts)s: change "
                        "the contracts, not the order.",
                        lines=", ".join(changed.mapped("name")),
                        contracts=", ".join(
                            changed.recurring_contract_line_ids.contract_id.mapped("name")
                        ),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # the contract bills recurring lines: the order never invoices them
    # ------------------------------------------------------------------
    @api.depends("recurring")
    def _compute_qty_to_invoice(self):
        res = super()._compute_qty_to_invoice()
        for line in self.filtered("recurring"):
            line.qty_to_invoice = 0.0
        return res

    @api.depends("recurring")
    def _compute_invoice_status(self):
        res = super()._compute_invoice_status()
        for line in self.filtered("recurring"):
            line.invoice_status = "no"
        return res

    @api.depends("recurring")
    def _compute_untaxed_amount_to_invoice(self):
        res = super()._compute_untaxed_amount_to_invoice()
        for line in self.filtered("recurring"):
            line.untaxed_amount_to_invoice = 0.0
        return res

    @api.depends("recurring")
    def _compute_amount_to_invoice(self):
        res = super()._compute_amount_to_invoice()
        for line in self.filtered("recurring"):
            line.amount_to_invoice = 0.0
        return res

    def _recurring_contract_line_values(self, cycle=False):
        """Values of the contract service line billing this quotation line."""
        self.ensure_one()
        price = self.price_unit * (1 - (self.discount or 0.0) / 100.0)
        return {
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.product_uom_qty,
            "price_unit": self.currency_id.round(price),
            "cycle": cycle,
            "sequence": self.sequence,
            "sale_line_id": self.id,
        }
