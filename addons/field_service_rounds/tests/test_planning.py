import json
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.field_service_rounds.tools import routing

from .common import FieldServiceCommon


@tagged("post_install", "-at_install")
class TestPlanning(FieldServiceCommon):
    def test_proposal_scores_ordering(self):
        normal = self._intervention(expected_date=date(2026, 3, 1))
        urgent = self._intervention(expected_date=date(2026, 3, 1), priority="3")
        mandatory = self._intervention(
            expected_date=date(2026, 3, 1), mandatory=True, system_type_id=self.system_fire.id
        )
        proposal = self.env["field.plan.proposal"].create({"date_to": date(2026, 12, 31)})
        proposal.action_compute()
        lines = proposal.line_ids.sorted("score", reverse=True)
        self.assertEqual(lines.intervention_id[:3], mandatory | urgent | normal)
        self.assertGreater(lines[0].score, lines[1].score)
        self.assertGreater(lines[1].score, lines[2].score)
        # only the technician with the fire-system skill is proposed for it
        self.assertEqual(lines[0].technician_id, self.tech_a)
        self.assertTrue(all(lines.mapped("plan_date")))
        lines[0].to_plan = True
        proposal.action_confirm()
        self.assertEqual(mandatory.state, "planned")
        self.assertEqual(mandatory.technician_id, self.tech_a)
        self.assertTrue(mandatory.calendar_event_id)
        self.assertEqual(normal.state, "to_plan")

    def test_unpaid_items_lower_the_score(self):
        today = fields.Date.context_today(self.env.user)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer_far.id,
                "invoice_date": today - timedelta(days=90),
                "invoice_date_due": today - timedelta(days=60),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Canone",
                            "quantity": 1,
                            "price_unit": 1500.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(self.customer_far.recurring_overdue_amount, 1500.0)
        reliable = self._intervention(expected_date=date(2026, 3, 1))
        unreliable = self._intervention(partner=self.customer_far, expected_date=date(2026, 3, 1))
        proposal = self.env["field.plan.proposal"].create({"date_to": date(2026, 12, 31)})
        proposal.action_compute()
        score = {line.intervention_id: line.score for line in proposal.line_ids}
        self.assertGreater(score[reliable], score[unreliable])
        detail = proposal.line_ids.filtered(lambda line: line.intervention_id == unreliable)
        self.assertIn("reliability", detail.score_detail)

    def test_search_near(self):
        near = self._intervention()
        far = self._intervention(partner=self.customer_far)
        self._intervention(partner=self.customer_nowhere)
        search = self.env["field.search.near"].create(
            {"latitude": 44.65, "longitude": 10.92, "limit": 5}
        )
        search.action_search()
        found = search.line_ids.sorted("sequence")
        self.assertEqual(found.intervention_id[:2], near | far)
        self.assertLess(found[0].distance_km, 2.0)

    def test_rounds_respect_holidays_leaves_and_report_left_out(self):
        # Monday 6 April 2026 is Easter Monday; Tuesday 7 the technician is on leave.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Ferie",
                "resource_id": self.tech_a.resource_id.id,
                "calendar_id": self.work_calendar.id,
                "company_id": self.company.id,
                "date_from": datetime(2026, 4, 6, 22, 0),
                "date_to": datetime(2026, 4, 7, 21, 59),
            }
        )
        jobs = (
            self._intervention(mandatory=True)
            | self._intervention(partner=self.customer_far)
            | self._intervention(hour_from=14.0, hour_to=17.0)
        )
        lost = self._intervention(partner=self.customer_nowhere, mandatory=True)
        wizard = self.env["field.round.wizard"].create(
            {
                "date_from": date(2026, 4, 6),
                "date_to": date(2026, 4, 8),
                "technician_ids": [Command.set(self.tech_a.ids)],
                "intervention_ids": [Command.set((jobs | lost).ids)],
                "time_budget": 1.0,
            }
        )
        wizard.action_compute()
        self.assertTrue(wizard.round_ids)
        self.assertEqual(set(wizard.round_ids.mapped("date")), {date(2026, 4, 8)})
        self.assertEqual(wizard.round_ids.stop_ids.intervention_id, jobs)
        left = wizard.unplanned_ids
        self.assertEqual(left.intervention_id, lost)
        self.assertEqual(left.reason, routing.NOT_GEOLOCATED)
        self.assertTrue(left.mandatory)
        rnd = wizard.round_ids
        self.assertIn("map.project-osrm.org", rnd.navigation_url)
        self.assertEqual(rnd.navigation_url.count("loc="), 5)  # base, 3 stops, base
        map_data = json.loads(rnd.map_data)
        self.assertEqual(len(map_data["stops"]), 3)
        self.assertEqual(map_data["base"], [44.5176, 11.3524])
        wizard.action_validate()
        self.assertEqual(rnd.state, "validated")
        self.assertEqual(set(jobs.mapped("state")), {"planned"})
        self.assertEqual(len(jobs.calendar_event_id), 3)
        for job in jobs:
            local = job._tz().fromutc(job.planned_start)
            self.assertEqual(local.date(), date(2026, 4, 8))
            self.assertGreaterEqual(local.hour, 8)
        afternoon = jobs[2]
        self.assertGreaterEqual(afternoon._tz().fromutc(afternoon.planned_start).hour, 14)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "field_service_rounds.field_round_report_document", rnd.ids
        )[0]
        self.assertIn(rnd.name.encode(), html)

    def test_rounds_report_no_available_day(self):
        job = self._intervention()
        wizard = self.env["field.round.wizard"].create(
            {
                "date_from": date(2026, 4, 6),  # Easter Monday only
                "date_to": date(2026, 4, 6),
                "technician_ids": [Command.set(self.tech_a.ids)],
                "intervention_ids": [Command.set(job.ids)],
                "time_budget": 0.5,
            }
        )
        wizard.action_compute()
        self.assertFalse(wizard.round_ids)
        self.assertEqual(wizard.unplanned_ids.reason, routing.NO_AVAILABLE_DAY)

    def test_rounds_assign_two_operator_jobs_to_a_crew(self):
        user_c, user_d = self._tech_user("tecnico_c"), self._tech_user("tecnico_d")
        crew = self._technician("Squadra 1", user_c, operators=2)
        crew.member_user_ids = user_d
        heavy = self._intervention(operators=2, mandatory=True)
        light = self._intervention(partner=self.customer_far)
        wizard = self.env["field.round.wizard"].create(
            {
                "date_from": date(2026, 4, 8),
                "date_to": date(2026, 4, 8),
                "technician_ids": [Command.set((self.tech_b | crew).ids)],
                "intervention_ids": [Command.set((heavy | light).ids)],
                "time_budget": 0.5,
            }
        )
        wizard.action_compute()
        by_job = {stop.intervention_id: stop.round_id for stop in wizard.round_ids.stop_ids}
        self.assertEqual(by_job[heavy].technician_id, crew)
        self.assertIn(light, by_job)
        wizard.action_validate()
        event = heavy.calendar_event_id
        self.assertEqual(event.partner_ids, (user_c | user_d).partner_id)

    def test_rounds_refuse_a_person_in_two_selected_technicians(self):
        crew = self._technician("Squadra 2", self.user_b, operators=2)
        wizard = self.env["field.round.wizard"].create(
            {
                "date_from": date(2026, 4, 8),
                "date_to": date(2026, 4, 8),
                "technician_ids": [Command.set((self.tech_b | crew).ids)],
                "intervention_ids": [Command.set(self._intervention().ids)],
            }
        )
        with self.assertRaises(UserError):
            wizard.action_compute()
        # by default the crew sharing a person is left out
        default = self.env["field.round.wizard"].create({})
        self.assertIn(self.tech_b, default.technician_ids)
        self.assertNotIn(crew, default.technician_ids)
