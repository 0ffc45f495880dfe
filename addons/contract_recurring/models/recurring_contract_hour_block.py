from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import prepaid_hours


def _hours_label(hours):
    """Hours as people write them: 7.5, 20."""
    return f"{hours:g}"


ALERT_MODES = [("percent", "% of the ordered hours"), ("hours", "Hours")]


class RecurringContractHourBlock(models.Model):
    """A block of prepaid hours bought for a contract ('ordine cliente ore').

    Worked hours (ticket time, intervention hours) draw on the contract's
    valid blocks, the oldest first (see
    ``recurring.contract.hour.usage._consume``); what exceeds them is billed
    as an extra by the billing run. When the hours left reach the block's
    alert threshold, the contract's responsible person gets an activity."""

    _name = "recurring.contract.hour.block"
    _description = "Prepaid Hours Block"
    _order = "date_start, id"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, default=lambda self: self.env._("Hours"))
    contract_id = fields.Many2one(
        "recurring.contract", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, string="Customer"
    )
    product_id = fields.Many2one(
        "product.product",
        string="Hours Product",
        check_company=True,
        help="Product of the invoice lines of the hours beyond the blocks; "
        "empty: the contract's associated product.",
    )
    hours_ordered = fields.Float(string="Ordered Hours", required=True, digits=(16, 2))
    price_unit = fields.Monetary(
        string="Price per Hour",
        help="Also the price of each hour worked beyond the contract's blocks.",
    )
    amount = fields.Monetary(compute="_compute_amount", store=True)
    date_start = fields.Date(string="Valid From", required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="Valid To", help="Empty: valid until used up.")
    state = fields.Selection(
        [("active", "Active"), ("cancelled", "Cancelled")],
        required=True,
        default="active",
    )
    usage_ids = fields.One2many("recurring.contract.hour.usage", "block_id", string="Hours Used")
    hours_used = fields.Float(
        string="Used Hours", compute="_compute_hours", store=True, digits=(16, 2)
    )
    hours_remaining = fields.Float(
        string="Remaining Hours", compute="_compute_hours", store=True, digits=(16, 2)
    )
    alert_mode = fields.Selection(
        ALERT_MODES,
        string="Alert When Left",
        compute="_compute_alert",
        store=True,
        readonly=False,
        precompute=True,
    )
    alert_threshold = fields.Float(
        compute="_compute_alert",
        store=True,
        readonly=False,
        precompute=True,
        help="The contract's responsible person gets an activity when the hours "
        "left reach this threshold; 0: no alert.",
    )
    alert_sent = fields.Boolean(
        readonly=True,
        copy=False,
        help="The alert of the current crossing was sent; cleared when the hours "
        "left go back above the threshold.",
    )

    _sql_constraints = [
        ("hours_positive", "CHECK(hours_ordered > 0)", "A block orders more than zero hours."),
        (
            "validity",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A block's validity cannot end before it starts.",
        ),
        ("price_positive", "CHECK(price_unit >= 0)", "The price per hour cannot be negative."),
    ]

    @api.depends("contract_id")
    def _compute_alert(self):
        """The contract type's threshold when it sets one, else the company's."""
        for block in self:
            contract_type = block.contract_id.type_id
            if contract_type.hour_alert_threshold:
                block.alert_mode = contract_type.hour_alert_mode
                block.alert_threshold = contract_type.hour_alert_threshold
            else:
                company = block.contract_id.company_id or self.env.company
                block.alert_mode = company.recurring_hour_alert_mode
                block.alert_threshold = company.recurring_hour_alert_threshold

    @api.depends("hours_ordered", "price_unit", "currency_id")
    def _compute_amount(self):
        for block in self:
            block.amount = block.currency_id.round(block.hours_ordered * block.price_unit)

    @api.depends("hours_ordered", "usage_ids.hours")
    def _compute_hours(self):
        used = {
            block.id: hours
            for block, hours in self.env["recurring.contract.hour.usage"]._read_group(
                [("block_id", "in", self.ids)], ["block_id"], ["hours:sum"]
            )
        }
        for block in self:
            block.hours_used = used.get(block.id, 0.0) if block.id else 0.0
            block.hours_remaining = block.hours_ordered - block.hours_used

    @api.constrains("alert_threshold", "alert_mode")
    def _check_alert_threshold(self):
        for block in self:
            if block.alert_threshold < 0 or (
                block.alert_mode == "percent" and block.alert_threshold > 100
            ):
                raise ValidationError(
                    self.env._(
                        "Block %(block)s: the alert threshold must be between 0 and "
                        "100 %% of the hours, or a positive number of hours.",
                        block=block.display_name,
                    )
                )

    @api.depends("name", "hours_ordered")
    def _compute_display_name(self):
        for block in self:
            hours = _hours_label(block.hours_ordered)
            block.display_name = self.env._("%(name)s (%(hours)s h)", name=block.name, hours=hours)

    def _valid_on(self, day):
        """The blocks usable on ``day``: active and within their validity."""
        return self.filtered(
            lambda b: (
                b.state == "active"
                and b.date_start <= day
                and (not b.date_end or b.date_end >= day)
            )
        )

    def _check_hour_alerts(self):
        """Schedule the responsible person's activity for each block whose
        hours left reached its threshold, once per crossing; a block back
        above it (hours given back, more ordered) is armed again."""
        crossed = self.browse()
        rearmed = self.browse()
        for block in self.filtered(lambda b: b.state == "active"):
            low = prepaid_hours.below_threshold(
                block.hours_ordered, block.hours_remaining, block.alert_mode, block.alert_threshold
            )
            if low and not block.alert_sent:
                crossed |= block
            elif not low and block.alert_sent:
                rearmed |= block
        rearmed.alert_sent = False
        if not crossed:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("recurring.contract")
        # sudo: the alert is bookkeeping of the system, whoever's work used the hours
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": block.contract_id.id,
                    "activity_type_id": todo.id,
                    "user_id": (block.contract_id.user_id or self.env.user).id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": self.env._("Prepaid hours running out"),
                    "note": block._alert_note(),
                }
                for block in crossed
            ]
        )
        crossed.alert_sent = True

    def _alert_note(self):
        self.ensure_one()
        left = _hours_label(self.hours_remaining)
        ordered = _hours_label(self.hours_ordered)
        return self.env._(
            "Contract %(contract)s: %(left)s of the %(ordered)s prepaid hours of "
            "block %(block)s are left.",
            contract=self.contract_id.name,
            left=left,
            ordered=ordered,
            block=self.name,
        )

    @api.model_create_multi
    def create(self, vals_list):
        blocks = super().create(vals_list)
        blocks._check_hour_alerts()
        return blocks

    def write(self, vals):
        result = super().write(vals)
        if {"hours_ordered", "alert_mode", "alert_threshold", "state"} & set(vals):
            self._check_hour_alerts()
        return result
