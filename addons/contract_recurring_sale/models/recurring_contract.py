from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class RecurringContract(models.Model):
    _inherit = "recurring.contract"

    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        groups="sales_team.group_sale_salesman",
        help="The confirmed quotation this contract comes from.",
    )
    renewal_sale_order_ids = fields.One2many(
        "sale.order",
        "recurring_renewal_of_id",
        string="Renewal Quotations",
        groups="sales_team.group_sale_salesman",
    )
    renewal_sale_order_count = fields.Integer(
        compute="_compute_renewal_sale_order_count", groups="sales_team.group_sale_salesman"
    )

    @api.depends("renewal_sale_order_ids")
    def _compute_renewal_sale_order_count(self):
        for contract in self:
            contract.renewal_sale_order_count = len(contract.renewal_sale_order_ids)

    # ------------------------------------------------------------------
    # renewal through a quotation
    # ------------------------------------------------------------------
    def _renewal_validity(self):
        """(start, end) of the contract renewing this one, as a direct renewal gives."""
        self.ensure_one()
        values = self._renewal_values({}, 0.0)
        return values["date_start"], values["date_end"]

    @staticmethod
    def _months_covering(start, end):
        """Whole months from ``start`` covering up to ``end`` (rounded up)."""
        months = (end.year - start.year) * 12 + end.month - start.month
        if end.day >= start.day:
            months += 1
        return max(months, 1) if end >= start else 0

    def _renewal_order_line_values(self, start, end, percentage):
        self.ensure_one()
        duration = self._months_covering(start, end)
        values = []
        for line in self.line_ids:
            product = line.product_id or self._default_invoice_product()
            if not product:
                raise UserError(
                    _(
                        "Contract %(name)s, line '%(line)s': a quotation line needs a "
                        "product; set the line's service or the contract's associated "
                        "product.",
                        name=self.name,
                        line=line.name,
                    )
                )
            values.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": line.name,
                        "product_uom_qty": line.quantity,
                        "price_unit": self._indexed_price(line.price_unit, percentage),
                        "recurring": True,
                        "recurring_cycle": line.cycle
                        if self.billing_cycle == "mixed"
                        else self.billing_cycle,
                        "recurring_date_start": start,
                        "recurring_duration": duration,
                    }
                )
            )
        return values

    def _renewal_quotation_values(self, percentage):
        """Values of the quotation proposing this contract's renewal."""
        self.ensure_one()
        start, end = self._renewal_validity()
        return {
            "partner_id": self.partner_id.id,
            "partner_invoice_id": self.invoice_partner_id.id,
            "partner_shipping_id": (self.site_id or self.partner_id).id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "payment_term_id": self.payment_term_id.id,
            "fiscal_position_id": self.fiscal_position_id.id,
            "origin": self.name,
            "recurring_renewal_of_id": self.id,
            "order_line": self._renewal_order_line_values(start, end, percentage),
        }

    def _create_renewal_quotations(self, percentage=0.0):
        """One renewal quotation per contract, its lines indexed by
        ``percentage``; confirming a quotation renews its contract."""
        self._check_renewable()
        pending = self.renewal_sale_order_ids.filtered(lambda o: o.state in ("draft", "sent"))
        if pending:
            raise UserError(
                _(
                    "These contracts already have a renewal quotation waiting: %(orders)s. "
                    "Confirm or cancel it first.",
                    orders=", ".join(
                        f"{o.recurring_renewal_of_id.name} ({o.name})" for o in pending
                    ),
                )
            )
        orders = self.env["sale.order"].create(
            [contract._renewal_quotation_values(percentage) for contract in self]
        )
        self._message_log_batch(
            bodies={
                order.recurring_renewal_of_id.id: self.env._(
                    "Renewal quotation %(order)s (percentage %(percentage)s%%): "
                    "%(amount)s from %(start)s.",
                    order=order.name,
                    percentage=percentage,
                    amount=order.amount_untaxed,
                    start=format_date(self.env, order.order_line[:1].recurring_date_start),
                )
                for order in orders
            }
        )
        return orders

    def _renew_from_sale_order(self, order, lines, quote_date):
        """The renewal contract of a confirmed renewal quotation: the dates
        and terms a direct renewal gives, the quotation's lines and prices;
        this contract is renewed. Returns the new contract."""
        self.ensure_one()
        if self._not_renewable():
            raise UserError(
                _(
                    "Quotation %(order)s renews contract %(name)s, which can no longer "
                    "be renewed (already renewed, cancelled or open-ended).",
                    order=order.name,
                    name=self.name,
                )
            )
        values = self._renewal_values(self.copy_data()[0], 0.0)
        mixed = values["billing_cycle"] == "mixed"
        values.update(
            {
                "line_ids": [
                    Command.create(
                        line._recurring_contract_line_values(
                            line.recurring_cycle if mixed else False
                        )
                    )
                    for line in lines
                ],
                "invoice_partner_id": order.partner_invoice_id.id,
                "payment_term_id": order.payment_term_id.id or values.get("payment_term_id"),
                "quote_ref": order.name,
                "quote_date": quote_date,
                "client_order_ref": order.client_order_ref or False,
                "client_order_date": False,
                "sale_order_id": order.id,
            }
        )
        new = self.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(values)
        new.action_activate()
        self.with_context(tracking_disable=True).state = "renewed"
        self.message_post(
            body=_(
                "Renewed by contract %(new)s, valid %(start)s - %(end)s, from the "
                "confirmed quotation %(order)s.",
                new=new.name,
                start=format_date(self.env, new.date_start),
                end=format_date(self.env, new.date_end),
                order=order.name,
            )
        )
        new.message_post(
            body=_(
                "Renewal of contract %(old)s from the confirmed quotation %(order)s; "
                "amount %(old_amount)s -> %(new_amount)s.",
                old=self.name,
                order=order.name,
                old_amount=self.amount_total,
                new_amount=new.amount_total,
            )
        )
        return new

    # ------------------------------------------------------------------
    # navigation
    # ------------------------------------------------------------------
    def action_view_sale_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }

    def action_view_renewal_quotations(self):
        self.ensure_one()
        orders = self.renewal_sale_order_ids
        # the list, or the form of the only one; the domain is kept either way
        return orders._get_records_action(
            name=_("Renewal Quotations"),
            domain=[("id", "in", orders.ids)],
            context={"create": False},
        )
