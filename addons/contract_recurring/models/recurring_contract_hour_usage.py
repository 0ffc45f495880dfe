from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..tools import prepaid_hours


class RecurringContractHourUsage(models.Model):
    """Hours worked on a contract with prepaid hours: taken from a block, or
    beyond all blocks (no block), then billed as an extra by the billing run
    (see ``recurring.billing._claim_extras``)."""

    _name = "recurring.contract.hour.usage"
    _description = "Prepaid Hours Usage"
    _order = "date desc, id desc"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "recurring.contract", required=True, index=True, ondelete="cascade", check_company=True
    )
    block_id = fields.Many2one(
        "recurring.contract.hour.block",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="Empty: hours beyond the contract's blocks, billed as an extra.",
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    hours = fields.Float(required=True, digits=(16, 2))
    user_id = fields.Many2one("res.users", string="Worked By", default=lambda self: self.env.user)
    source_model = fields.Char(readonly=True, index=True)
    source_id = fields.Many2oneReference(
        string="Source Record", model_field="source_model", readonly=True
    )
    source_name = fields.Char(string="Source")
    # over-block hours: priced when recorded, billed once
    product_id = fields.Many2one("product.product", check_company=True)
    price_unit = fields.Monetary(string="Price per Hour")
    amount = fields.Monetary(compute="_compute_amount", store=True)
    move_line_ids = fields.One2many(
        "account.move.line", "recurring_hour_usage_id", string="Invoice Lines"
    )
    move_id = fields.Many2one(
        "account.move", string="Invoice", compute="_compute_billing_state", store=True
    )
    billing_state = fields.Selection(
        [("prepaid", "Prepaid"), ("to_bill", "To bill"), ("billed", "Billed")],
        compute="_compute_billing_state",
        store=True,
        index=True,
    )

    @api.constrains("hours")
    def _check_hours(self):
        for usage in self:
            if usage.hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: the hours used must be more than zero.",
                        contract=usage.contract_id.name,
                    )
                )

    @api.depends("hours", "price_unit", "block_id", "currency_id")
    def _compute_amount(self):
        for usage in self:
            usage.amount = (
                0.0 if usage.block_id else usage.currency_id.round(usage.hours * usage.price_unit)
            )

    @api.depends("block_id", "move_line_ids.move_id")
    def _compute_billing_state(self):
        for usage in self:
            usage.move_id = usage.move_line_ids.move_id[:1]
            if usage.block_id:
                usage.billing_state = "prepaid"
            else:
                usage.billing_state = "billed" if usage.move_line_ids else "to_bill"

    @api.model_create_multi
    def create(self, vals_list):
        usages = super().create(vals_list)
        usages.block_id._check_hour_alerts()
        return usages

    def write(self, vals):
        blocks = self.block_id
        result = super().write(vals)
        if {"hours", "block_id"} & set(vals):
            (blocks | self.block_id)._check_hour_alerts()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        if self.filtered(lambda u: u.billing_state == "billed"):
            raise ValidationError(
                self.env._("Hours already billed cannot be deleted; cancel their invoice first.")
            )

    def unlink(self):
        blocks = self.block_id
        result = super().unlink()
        blocks.exists()._check_hour_alerts()
        return result

    # ------------------------------------------------------------------
    # the consumption engine
    # ------------------------------------------------------------------
    @api.model
    def _consume(self, values_list):
        """Record the hours worked on contracts with prepaid hours.

        Each dict of ``values_list`` gives ``contract_id``, ``hours`` (the
        total worked on the source so far), ``source_model``/``source_id``
        (the ticket, the intervention), optionally ``source_name``, ``date``
        and ``user_id``. Only what the source has not consumed yet is taken,
        so recording the same work again consumes nothing more. The hours
        are taken from the contract's blocks valid on the date, the oldest
        first; the rest is recorded as over-block hours at the latest
        block's price. Contracts without any block are left alone.

        Returns the usage records created."""
        values_list = [v for v in values_list if v.get("contract_id") and v.get("hours")]
        if not values_list:
            return self.browse()
        # sudo: the hours are bookkeeping of the work done, recorded for the
        # helpdesk operator or the technician whatever their contract rights
        Usage = self.sudo()
        contract_ids = {v["contract_id"] for v in values_list}
        blocks = (
            self.env["recurring.contract.hour.block"]
            .sudo()
            .search(
                [("contract_id", "in", list(contract_ids)), ("state", "=", "active")],
                order="date_start, id",
            )
        )
        if not blocks:
            return self.browse()
        blocks_by_contract = blocks.grouped("contract_id")
        done = defaultdict(float)
        sources = [
            (v["source_model"], v["source_id"]) for v in values_list if v.get("source_model")
        ]
        if sources:
            for model, source_id, hours in Usage._read_group(
                [
                    ("source_model", "in", list({m for m, _i in sources})),
                    ("source_id", "in", list({i for _m, i in sources})),
                ],
                ["source_model", "source_id"],
                ["hours:sum"],
            ):
                done[(model, source_id)] = hours
        today = fields.Date.context_today(self)
        left = {block.id: block.hours_remaining for block in blocks}
        create_list = []
        for values in values_list:
            contract_blocks = blocks_by_contract.get(
                self.env["recurring.contract"].browse(values["contract_id"])
            )
            if not contract_blocks:
                continue
            key = (values.get("source_model"), values.get("source_id"))
            todo = prepaid_hours.to_hours(values["hours"]) - prepaid_hours.to_hours(
                done[key] if key[0] else 0.0
            )
            if todo <= 0:
                continue
            done[key] += float(todo)
            day = fields.Date.to_date(values.get("date")) or today
            valid = contract_blocks._valid_on(day)
            allocation, remaining = prepaid_hours.allocate(
                [(block.id, left[block.id]) for block in valid], todo
            )
            left.update({key_: float(hours) for key_, hours in remaining.items()})
            latest = contract_blocks.sorted(lambda b: (b.date_start, b.id))[-1]
            common = {
                "contract_id": values["contract_id"],
                "date": day,
                "user_id": values.get("user_id") or self.env.uid,
                "source_model": values.get("source_model"),
                "source_id": values.get("source_id"),
                "source_name": values.get("source_name"),
            }
            for block_id, hours in allocation:
                line = {**common, "block_id": block_id, "hours": float(hours)}
                if not block_id:
                    line.update(product_id=latest.product_id.id, price_unit=latest.price_unit)
                create_list.append(line)
        return Usage.create(create_list).with_env(self.env)

    # ------------------------------------------------------------------
    # billing of the over-block hours
    # ------------------------------------------------------------------
    def _invoice_line_values(self, fiscal_position):
        """One invoice line (values of the invoice builder) per over-block usage."""
        builder = self.env["recurring.invoice.builder"]
        return [
            builder._line_values(
                usage.contract_id,
                fiscal_position,
                product=usage.product_id,
                name=self.env._(
                    "Hours beyond the prepaid hours, %(date)s: %(work)s",
                    date=format_date(
                        self.env, usage.date, lang_code=usage.contract_id.invoice_partner_id.lang
                    ),
                    work=usage.source_name or "-",
                ),
                quantity=usage.hours,
                price_unit=usage.price_unit,
                start=usage.date,
                end=usage.date,
                recurring_hour_usage_id=usage.id,
            )
            for usage in self
        ]
