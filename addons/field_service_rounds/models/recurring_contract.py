from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import schedule
from ..tools.errors import DomainError
from .field_intervention import CLOSING_PARTS, WEEKDAYS

# Open-ended contracts get their interventions this many months ahead.
OPEN_ENDED_MONTHS = 12


class RecurringContract(models.Model):
    _inherit = "recurring.contract"

    intervention_interval_months = fields.Integer(
        string="Intervention Every (months)",
        help="Scheduled interventions every this many months over the contract's "
        "validity; 0 = no scheduled interventions.",
    )
    intervention_closing_weekday = fields.Selection(WEEKDAYS, string="Closing Day")
    intervention_closing_part = fields.Selection(CLOSING_PARTS, string="Closed", default="all_day")
    intervention_preferred_weekday = fields.Selection(WEEKDAYS, string="Preferred Day")
    intervention_hour_from = fields.Float(string="Preferred Hours From")
    intervention_hour_to = fields.Float(string="Preferred Hours To")
    intervention_system_type_id = fields.Many2one("field.system.type", string="System Type")
    intervention_hours = fields.Float(string="Expected Hours per Intervention", default=1.0)
    intervention_operators = fields.Integer(string="Operators Needed", default=1)
    intervention_vehicle_id = fields.Many2one(
        "field.vehicle", string="Vehicle Needed", check_company=True
    )
    intervention_mandatory = fields.Boolean(string="Mandatory Interventions")
    intervention_notice_days = fields.Integer(string="Notice (days)")
    intervention_supplier_id = fields.Many2one(
        "res.partner", string="Service Supplier", help="Subcontractor doing the work."
    )
    intervention_send_supplier_mail = fields.Boolean(string="Send E-mail to Supplier")
    intervention_supplier_mail_text = fields.Text(string="E-mail Text")
    equipment_ids = fields.One2many(
        "maintenance.equipment", "contract_id", string="Machines under Contract"
    )
    intervention_ids = fields.One2many("field.intervention", "contract_id")
    intervention_count = fields.Integer(compute="_compute_intervention_count")

    def _compute_intervention_count(self):
        counts = dict(
            self.env["field.intervention"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.intervention_count = counts.get(contract, 0)

    # ------------------------------------------------------------ schedule
    def _intervention_dates(self):
        self.ensure_one()
        end = self.date_end or (
            fields.Date.context_today(self) + relativedelta(months=OPEN_ENDED_MONTHS)
        )
        if self.state == "cancelled" and self.cancellation_date:
            end = min(end, self.cancellation_date)
        try:
            return schedule.expected_dates(self.date_start, end, self.intervention_interval_months)
        except DomainError as error:
            raise self._domain_error(error) from error

    def _intervention_values(self, expected_date):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "contract_id": self.id,
            "partner_id": self.partner_id.id,
            "site_id": self.site_id.id,
            "origin": "contract",
            "schedule_date": expected_date,
            "expected_date": expected_date,
            "system_type_id": self.intervention_system_type_id.id,
            "expected_hours": self.intervention_hours,
            "operators": self.intervention_operators or 1,
            "vehicle_id": self.intervention_vehicle_id.id,
            "mandatory": self.intervention_mandatory,
            "notice_days": self.intervention_notice_days,
            "hour_from": self.intervention_hour_from,
            "hour_to": self.intervention_hour_to,
            "preferred_weekday": self.intervention_preferred_weekday,
            "closing_weekday": self.intervention_closing_weekday,
            "closing_part": self.intervention_closing_part,
            "supplier_id": self.intervention_supplier_id.id,
            "equipment_ids": [fields.Command.set(self.equipment_ids.ids)],
            "priority": "1" if self.critical else "0",
        }

    def _generate_interventions(self):
        """Create the scheduled interventions that are missing; returns them."""
        contracts = self.filtered(
            lambda c: c.state == "active" and c.intervention_interval_months > 0
        )
        existing = {
            (contract.id, day)
            for contract, day in self.env["field.intervention"]
            .with_context(active_test=False)
            ._read_group(
                [("contract_id", "in", contracts.ids), ("schedule_date", "!=", False)],
                ["contract_id", "schedule_date:day"],
            )
        }
        values = [
            contract._intervention_values(day)
            for contract in contracts
            for day in contract._intervention_dates()
            if (contract.id, day) not in existing
        ]
        return self.env["field.intervention"].create(values)

    def _remove_unplanned_interventions(self):
        """Drop the interventions still to plan of cancelled contracts."""
        cancelled = self.filtered(lambda c: c.state == "cancelled")
        to_drop = cancelled.intervention_ids.filtered(
            lambda i: (
                i.state == "to_plan"
                and (
                    not i.contract_id.cancellation_date
                    or not i.expected_date
                    or i.expected_date > i.contract_id.cancellation_date
                )
            )
        )
        to_drop.unlink()
        return len(to_drop)

    def action_create_interventions(self):
        inactive = self.filtered(lambda c: c.state != "active")
        if inactive:
            raise UserError(
                self.env._(
                    "Interventions are created for active contracts only: %(names)s.",
                    names=", ".join(inactive.mapped("name")),
                )
            )
        if self.filtered(lambda c: c.intervention_interval_months <= 0):
            raise UserError(
                self.env._("Set 'Intervention Every (months)' in the Interventions tab first.")
            )
        created = self._generate_interventions()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("%(count)s interventions created.", count=len(created)),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_open_site_card(self):
        """The card of the contract's site (its customer when it names none)."""
        self.ensure_one()
        return (self.site_id or self.partner_id).action_open_site_card()

    def action_open_site(self):
        # the contract-update screen's 'Site' button opens the site card
        self.ensure_one()
        if not self.site_id:
            return super().action_open_site()
        return self.site_id.action_open_site_card()

    def action_view_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_service_rounds.field_intervention_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action

    @api.model
    def _cron_update_interventions(self):
        """'Update schedule from contracts': generate and clean up."""
        active = self.search([("state", "=", "active"), ("intervention_interval_months", ">", 0)])
        created = active._generate_interventions()
        cancelled = self.search(
            [("state", "=", "cancelled"), ("intervention_ids.state", "=", "to_plan")]
        )
        removed = cancelled._remove_unplanned_interventions()
        return created, removed
