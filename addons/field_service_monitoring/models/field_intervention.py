from odoo import api, fields, models
from odoo.exceptions import UserError

OPEN_STATES = ("to_plan", "planned")


class FieldIntervention(models.Model):
    _inherit = "field.intervention"

    # monitoring
    monitoring_reading_ids = fields.One2many(
        "field.monitoring.reading", "intervention_id", string="Monitoring Readings"
    )
    monitoring_reading_count = fields.Integer(compute="_compute_monitoring_counts")
    monitoring_pending_count = fields.Integer(compute="_compute_monitoring_counts")
    monitoring_crossed_count = fields.Integer(compute="_compute_monitoring_counts")
    # commissioning
    commissioning_template_id = fields.Many2one(
        "field.commissioning.template",
        string="Commissioning Checklist",
        domain="[('system_type_id', 'in', [system_type_id, False])]",
        tracking=True,
    )
    commissioning_line_ids = fields.One2many(
        "field.commissioning.line", "intervention_id", string="Commissioning Checks"
    )
    commissioning_result = fields.Selection(
        selection=[
            ("pending", "To Complete"),
            ("passed", "Passed"),
            ("failed", "Failed"),
        ],
        compute="_compute_commissioning_result",
        store=True,
        index=True,
    )
    commissioning_followup_todo = fields.Boolean(
        compute="_compute_commissioning_followup_todo",
        help="Some failed checks have no follow-up intervention yet.",
    )
    commissioning_signed_by = fields.Char(string="Tested By", copy=False)
    commissioning_signature = fields.Binary(
        string="Tester's Signature", copy=False, attachment=True
    )
    followup_of_id = fields.Many2one(
        "field.intervention",
        string="Follow-up of",
        index=True,
        copy=False,
        readonly=True,
        help="The commissioning whose failed checks this intervention fixes.",
    )
    followup_ids = fields.One2many("field.intervention", "followup_of_id", string="Follow-ups")
    followup_count = fields.Integer(compute="_compute_followup_count")

    @api.depends("monitoring_reading_ids.state", "monitoring_reading_ids.threshold_status")
    def _compute_monitoring_counts(self):
        for rec in self:
            readings = rec.monitoring_reading_ids
            rec.monitoring_reading_count = len(readings)
            rec.monitoring_pending_count = len(readings.filtered(lambda r: r.state == "pending"))
            rec.monitoring_crossed_count = len(
                readings.filtered(lambda r: r.threshold_status in ("above", "below"))
            )

    @api.depends("commissioning_line_ids.result", "commissioning_line_ids.followup_intervention_id")
    def _compute_commissioning_followup_todo(self):
        for rec in self:
            rec.commissioning_followup_todo = any(
                line.result == "failed" and not line.followup_intervention_id
                for line in rec.commissioning_line_ids
            )

    @api.depends("commissioning_line_ids.result")
    def _compute_commissioning_result(self):
        for rec in self:
            results = set(rec.commissioning_line_ids.mapped("result"))
            if not results:
                rec.commissioning_result = False
            elif "failed" in results:
                rec.commissioning_result = "failed"
            elif "pending" in results:
                rec.commissioning_result = "pending"
            else:
                rec.commissioning_result = "passed"

    def _compute_followup_count(self):
        counts = dict(
            self._read_group([("followup_of_id", "in", self.ids)], ["followup_of_id"], ["__count"])
        )
        for rec in self:
            rec.followup_count = counts.get(rec, 0)

    # ----------------------------------------------------------------- ORM
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered(
            lambda r: r.commissioning_template_id and not r.commissioning_line_ids
        )._load_commissioning_checklist()
        return records

    def write(self, vals):
        result = super().write(vals)
        if {"site_id", "partner_id"} & set(vals):
            self._realign_monitoring_readings()
        if vals.get("commissioning_template_id"):
            self.filtered(lambda r: not r.commissioning_line_ids)._load_commissioning_checklist()
        return result

    # ----------------------------------------------------------- monitoring
    def _monitoring_place(self):
        """Where the points are: the intervention's site, else its customer."""
        self.ensure_one()
        return self.site_id or self.partner_id

    def _prefill_monitoring_readings(self):
        """One reading 'to record' per active point of the site that has none yet."""
        open_ones = self.filtered(lambda r: r.state in OPEN_STATES)
        places = self.env["res.partner"].browse({rec._monitoring_place().id for rec in open_ones})
        if not places:
            return self.env["field.monitoring.reading"]
        points = self.env["field.monitoring.point"].search(
            [("site_id", "in", places.ids), ("company_id", "in", open_ones.company_id.ids)]
        )
        values = []
        for rec in open_ones:
            done = rec.monitoring_reading_ids.point_id
            place = rec._monitoring_place()
            values += [
                {"intervention_id": rec.id, "point_id": point.id}
                for point in points
                if point.site_id == place
                and point.company_id == rec.company_id
                and point not in done
            ]
        return self.env["field.monitoring.reading"].create(values)

    def _realign_monitoring_readings(self):
        """After a change of site: readings to record follow the new site's points.

        Recorded readings of another site's points are kept as they are, so the
        change is refused while any exists.
        """
        moved = self.monitoring_reading_ids.filtered(
            lambda r: r.point_id.site_id != r.intervention_id._monitoring_place()
        )
        recorded = moved.filtered(lambda r: r.state != "pending")
        if recorded:
            raise UserError(
                self.env._(
                    "Intervention %(name)s already has readings of the monitoring points "
                    "of %(site)s: its site cannot change.",
                    name=recorded.intervention_id[:1].name,
                    site=recorded.site_id[:1].display_name,
                )
            )
        if moved:
            to_refill = moved.intervention_id
            moved.unlink()
            to_refill._prefill_monitoring_readings()

    def action_load_monitoring_points(self):
        self._prefill_monitoring_readings()
        return True

    def action_plan(self):
        result = super().action_plan()
        self._prefill_monitoring_readings()
        return result

    def action_open_closing(self):
        self._prefill_monitoring_readings()
        return super().action_open_closing()

    def _check_closing_complete(self):
        pending = self.monitoring_reading_ids.filtered(lambda r: r.state == "pending")
        if pending:
            intervention = pending.intervention_id[:1]
            raise UserError(
                self.env._(
                    "Intervention %(name)s: record the reading of every monitoring point "
                    "(or mark it not accessible) before closing. Missing: %(points)s.",
                    name=intervention.name,
                    points=", ".join(
                        pending.filtered(lambda r: r.intervention_id == intervention).mapped(
                            "point_code"
                        )
                    ),
                )
            )
        unchecked = self.commissioning_line_ids.filtered(lambda r: r.result == "pending")
        if unchecked:
            raise UserError(
                self.env._(
                    "Intervention %(name)s: give a result to every commissioning check "
                    "before closing.",
                    name=unchecked.intervention_id[:1].name,
                )
            )

    def action_close(self):
        self._check_closing_complete()
        return super().action_close()

    def action_view_monitoring_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_service_monitoring.field_monitoring_reading_action"
        )
        action["domain"] = [("intervention_id", "=", self.id)]
        action["context"] = {}
        return action

    # --------------------------------------------------------- commissioning
    def _load_commissioning_checklist(self):
        line_model = self.env["field.commissioning.line"]
        values = [
            {"intervention_id": rec.id, **item_values}
            for rec in self
            if rec.commissioning_template_id
            for item_values in rec.commissioning_template_id._line_values()
        ]
        return line_model.create(values)

    def action_load_commissioning_checklist(self):
        """(Re)load the checklist from the template while nothing is checked yet."""
        checked = self.commissioning_line_ids.filtered(lambda r: r.result != "pending")
        if checked:
            raise UserError(
                self.env._(
                    "Intervention %(name)s: some checks already have a result; the "
                    "checklist cannot be reloaded.",
                    name=checked.intervention_id[:1].name,
                )
            )
        missing = self.filtered(lambda r: not r.commissioning_template_id)
        if missing:
            raise UserError(
                self.env._(
                    "Intervention %(name)s: choose the commissioning checklist first.",
                    name=missing[:1].name,
                )
            )
        self.commissioning_line_ids.unlink()
        self._load_commissioning_checklist()
        return True

    def _followup_values(self, failed):
        """Values of the intervention that fixes the ``failed`` checks of this one.

        With a contract, the contract's own intervention values (site, system
        type, hours, availability, machines) are the base, as a one-off visit.
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.contract_id:
            values = self.contract_id._intervention_values(today)
        else:
            values = {
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "site_id": self.site_id.id,
                "system_type_id": self.system_type_id.id,
                "equipment_ids": [fields.Command.set(self.equipment_ids.ids)],
            }
        checks = "\n".join(
            f"- {line.name}: {line.note}" if line.note else f"- {line.name}" for line in failed
        )
        values.update(
            {
                "origin": "one_off",
                "schedule_date": False,
                "site_id": self.site_id.id or values.get("site_id"),
                "system_type_id": self.system_type_id.id or values.get("system_type_id"),
                "expected_date": today,
                "priority": "2",
                "followup_of_id": self.id,
                "description": self.env._(
                    "Follow-up of commissioning %(name)s. Failed checks:\n%(checks)s",
                    name=self.name,
                    checks=checks,
                ),
            }
        )
        return values

    def _create_followups(self):
        """One follow-up intervention per commissioning with failed checks not yet followed."""
        todo = [
            (rec, failed)
            for rec in self
            for failed in [
                rec.commissioning_line_ids.filtered(
                    lambda r: r.result == "failed" and not r.followup_intervention_id
                )
            ]
            if failed
        ]
        if not todo:
            return self.browse()
        followups = self.create([rec._followup_values(failed) for rec, failed in todo])
        for (rec, failed), followup in zip(todo, followups, strict=True):
            failed.followup_intervention_id = followup
            rec.message_post(
                body=self.env._(
                    "Follow-up intervention %(followup)s created for %(count)s failed checks.",
                    followup=followup.name,
                    count=len(failed),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return followups

    def action_create_followup(self):
        followups = self._create_followups()
        if not followups:
            raise UserError(
                self.env._("There is no failed check without a follow-up intervention.")
            )
        if len(followups) == 1:
            return followups.get_formview_action()
        return self.action_view_followups()

    def action_view_followups(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "field_service_rounds.field_intervention_action"
        )
        action["domain"] = [("followup_of_id", "in", self.ids)]
        action["context"] = {}
        return action

    def action_print_commissioning_certificate(self):
        missing = self.filtered(lambda r: not r.commissioning_line_ids)
        if missing:
            raise UserError(
                self.env._(
                    "Intervention %(name)s has no commissioning checklist.", name=missing[:1].name
                )
            )
        pending = self.filtered(lambda r: r.commissioning_result == "pending")
        if pending:
            raise UserError(
                self.env._(
                    "Intervention %(name)s: give a result to every commissioning check "
                    "before printing the certificate.",
                    name=pending[:1].name,
                )
            )
        return self.env.ref(
            "field_service_monitoring.field_intervention_commissioning_report_action"
        ).report_action(self)
