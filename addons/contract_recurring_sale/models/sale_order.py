from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

CONTRACT_USER = "contract_recurring.group_contract_user"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    recurring_contract_ids = fields.One2many(
        "recurring.contract",
        "sale_order_id",
        string="Contracts",
        groups=CONTRACT_USER,
    )
    recurring_contract_count = fields.Integer(
        string="Contract Count",
        compute="_compute_recurring_contract_count",
        groups=CONTRACT_USER,
    )
    recurring_renewal_of_id = fields.Many2one(
        "recurring.contract",
        string="Renewal of Contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=CONTRACT_USER,
        help="Renewal quotation: confirming it renews this contract.",
    )
    has_recurring_lines = fields.Boolean(compute="_compute_has_recurring_lines")

    @api.depends("recurring_contract_ids")
    def _compute_recurring_contract_count(self):
        for order in self:
            order.recurring_contract_count = len(order.recurring_contract_ids)

    @api.depends("order_line.recurring")
    def _compute_has_recurring_lines(self):
        for order in self:
            order.has_recurring_lines = any(order.order_line.mapped("recurring"))

    @api.depends("order_line.recurring")
    def _compute_invoice_status(self):
        """The recurring lines are the contracts' business: an order is
        invoiced when its other lines are."""
        res = super()._compute_invoice_status()
        for order in self.filtered(lambda o: o.state == "sale" and o.invoice_status == "no"):
            others = order.order_line.filtered(
                lambda line: not (line.recurring or line.display_type or line.is_downpayment)
            )
            if not others:
                continue  # only recurring lines: nothing for the order to invoice
            statuses = set(others.mapped("invoice_status"))
            if statuses == {"invoiced"}:
                order.invoice_status = "invoiced"
            elif statuses <= {"invoiced", "upselling"}:
                order.invoice_status = "upselling"
        return res

    # ------------------------------------------------------------------
    # confirmation: the contracts of the recurring lines
    # ------------------------------------------------------------------
    def action_confirm(self):
        # confirming moves date_order to now: keep the quotation's date
        quote_dates = {
            order.id: fields.Date.context_today(order, order.date_order) for order in self
        }
        res = super().action_confirm()
        self._create_recurring_contracts(quote_dates)
        self._create_prepaid_hour_blocks()
        return res

    def _prepaid_hours_contract(self, line):
        """The contract a prepaid-hours line is for: the line's, else the
        order's only contract (created by it, or renewed by it)."""
        self.ensure_one()
        # sudo: the salesperson confirming need not have contract rights
        order = self.sudo()
        contracts = line.sudo().recurring_hour_contract_id or order.recurring_contract_ids
        if not contracts and order.recurring_renewal_of_id:
            contracts = order.recurring_renewal_of_id.next_contract_id
        if len(contracts) != 1:
            raise UserError(
                _(
                    "Quotation %(order)s, line '%(line)s': choose the contract the "
                    "prepaid hours are for.",
                    order=self.name,
                    line=line.name,
                )
            )
        return contracts

    def _create_prepaid_hour_blocks(self):
        """A block of prepaid hours per confirmed line of a prepaid-hours
        product (once per line): the line's quantity of hours at its price."""
        vals_list = []
        for order in self.filtered(lambda o: o.state == "sale"):
            lines = order.order_line.filtered(
                lambda line: (
                    line.recurring_prepaid_hours
                    and line.product_uom_qty > 0
                    and not line.sudo().recurring_hour_block_ids
                )
            )
            start = fields.Date.context_today(order)
            for line in lines:
                months = line.product_id.product_tmpl_id.recurring_hours_validity
                vals_list.append(
                    {
                        "contract_id": order._prepaid_hours_contract(line).id,
                        "name": f"{order.name} - {line.product_id.display_name}",
                        "hours_ordered": line.product_uom_qty,
                        "price_unit": order.currency_id.round(
                            line.price_subtotal / line.product_uom_qty
                        ),
                        "product_id": line.product_id.id,
                        "date_start": start,
                        "date_end": start + relativedelta(months=months, days=-1)
                        if months > 0
                        else False,
                        "sale_line_id": line.id,
                    }
                )
        # sudo: the blocks the customer bought are created with the order
        return self.env["recurring.contract.hour.block"].sudo().create(vals_list).sudo(False)

    def _get_invoiceable_lines(self, final=False):
        """Recurring lines are billed by their contract, never by the order."""
        return super()._get_invoiceable_lines(final=final).filtered(lambda line: not line.recurring)

    def _check_down_payment_allowed(self):
        """A down payment is a share of the whole order, recurring lines
        included, while the contracts bill those lines: refused."""
        recurring = self.filtered("has_recurring_lines")
        if recurring:
            raise UserError(
                _(
                    "Orders %(orders)s have recurring lines, billed by their contracts: "
                    "a down payment would bill them twice. Invoice the other lines "
                    "('Regular invoice') instead.",
                    orders=", ".join(recurring.mapped("name")),
                )
            )

    def _action_cancel(self):
        # the contracts only: the order may be cancelled by a salesperson
        # without contract rights (sudo() to read them)
        running = self.sudo().recurring_contract_ids.filtered(
            lambda c: c.state not in ("draft", "cancelled")
        )
        if running:
            raise UserError(
                _(
                    "These orders have running contracts: %(contracts)s. Cancel the "
                    "contracts first (Contracts > Cancellation), then the order.",
                    contracts=", ".join(running.mapped("name")),
                )
            )
        return super()._action_cancel()

    def _recurring_contract_type(self, line):
        """Contract type of a recurring line: the product's, else the company's default."""
        self.ensure_one()
        contract_type = (
            line.product_id.product_tmpl_id.recurring_contract_type_id
            or self.company_id.recurring_sale_contract_type_id
        )
        if not contract_type:
            raise UserError(
                _(
                    "Quotation %(order)s, line '%(line)s': no contract type. Set one on "
                    "the product (Contracts section) or a default in the Sales settings.",
                    order=self.name,
                    line=line.name,
                )
            )
        return contract_type

    def _recurring_line_groups(self, lines):
        """The recurring lines grouped into contracts: one contract per contract
        type, start and duration. Lines of a year or more with different cycles
        share a mixed contract; shorter contracts are split by cycle too (a
        mixed contract states yearly amounts)."""
        self.ensure_one()
        groups = defaultdict(lambda: self.env["sale.order.line"])
        for line in lines:
            key = (
                self._recurring_contract_type(line),
                line.recurring_date_start,
                line.recurring_duration,
                line.recurring_cycle if line.recurring_duration < 12 else False,
            )
            groups[key] |= line
        return groups

    def _recurring_contract_header(self, quote_date):
        """Contract values taken from the order."""
        self.ensure_one()
        commercial = self.partner_id.commercial_partner_id
        shipping = self.partner_shipping_id
        return {
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "partner_id": commercial.id,
            "invoice_partner_id": self.partner_invoice_id.id,
            # the delivery address is the customer's site ('impianto')
            "site_id": shipping.id
            if shipping != commercial and shipping.type in ("delivery", "other")
            else False,
            "user_id": self.user_id.id,
            "payment_term_id": self.payment_term_id.id,
            "fiscal_position_id": self.fiscal_position_id.id,
            "quote_ref": self.name,
            "quote_date": quote_date,
            "client_order_ref": self.client_order_ref or False,
            "sale_order_id": self.id,
        }

    def _recurring_contract_values(self, quote_date, lines):
        """One contract's values per group of recurring lines."""
        self.ensure_one()
        vals_list = []
        for (contract_type, start, duration, _cycle), group in self._recurring_line_groups(
            lines
        ).items():
            cycles = set(group.mapped("recurring_cycle"))
            mixed = len(cycles) > 1
            vals_list.append(
                {
                    **self._recurring_contract_header(quote_date),
                    "type_id": contract_type.id,
                    "date_start": start,
                    "date_end": group._recurring_end(start, duration),
                    "period_months": 12 if duration >= 12 else duration,
                    "billing_cycle": "mixed" if mixed else cycles.pop(),
                    "line_ids": [
                        Command.create(
                            line._recurring_contract_line_values(
                                line.recurring_cycle if mixed else False
                            )
                        )
                        for line in group
                    ],
                }
            )
        return vals_list

    def _create_recurring_contracts(self, quote_dates=None):
        """Create and activate the contracts of the confirmed orders' recurring
        lines (those not on a contract yet); a renewal quotation renews its
        contract instead. Returns the new contracts."""
        quote_dates = quote_dates or {}
        # the salesperson confirming the quotation need not have contract
        # rights: the contracts the customer accepted are created with the
        # order, as sale creates the order's invoices (sudo())
        Contract = self.env["recurring.contract"].sudo()
        vals_list, renewed = [], Contract
        for order in self.filtered(lambda o: o.state == "sale"):
            lines = order.order_line.filtered(
                lambda line: line.recurring and not line.sudo().recurring_contract_line_ids
            )
            if not lines:
                continue
            quote_date = quote_dates.get(order.id) or fields.Date.context_today(order)
            renewal_of = order.sudo().recurring_renewal_of_id
            if renewal_of:
                renewed |= renewal_of._renew_from_sale_order(order, lines, quote_date)
            else:
                vals_list += order._recurring_contract_values(quote_date, lines)
        contracts = Contract.create(vals_list)
        contracts.action_activate()
        orders_by_id = {order.id: order for order in self}
        contracts._message_log_batch(
            bodies={
                contract.id: self.env._(
                    "Created from the confirmed quotation %(order)s.",
                    order=orders_by_id[contract.sale_order_id.id].name,
                )
                for contract in contracts
            }
        )
        return (contracts | renewed).sudo(False)

    # ------------------------------------------------------------------
    # navigation
    # ------------------------------------------------------------------
    def action_view_recurring_contracts(self):
        self.ensure_one()
        contracts = self.recurring_contract_ids
        # the list, or the form of the only one; the domain is kept either way
        return contracts._get_records_action(
            name=_("Contracts"), domain=[("id", "in", contracts.ids)], context={"create": False}
        )

    def action_view_renewed_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "recurring.contract",
            "res_id": self.recurring_renewal_of_id.id,
            "view_mode": "form",
        }
