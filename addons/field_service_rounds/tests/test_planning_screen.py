from datetime import date, datetime, timedelta

import pytz

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import format_date

from odoo.addons.field_service_rounds.tools import routing

from .common import FieldServiceCommon

DAY = date(2026, 4, 8)  # a Wednesday
ROME = pytz.timezone("Europe/Rome")


def _local(value):
    return pytz.utc.localize(value).astimezone(ROME).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestPlanningScreen(FieldServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site.write({"partner_latitude": 44.7836, "partner_longitude": 10.8850})

    def _proposal(self, **values):
        proposal = self.env["field.plan.proposal"].create({"date_to": date(2026, 12, 31), **values})
        proposal.action_compute()
        return proposal

    # ------------------------------------------------- proposal to agenda
    def test_insert_in_calendars_sequences_the_day_with_travel(self):
        at_site = self.env["field.intervention"]
        for _i in range(5):
            at_site |= self._intervention(site_id=self.site.id)
        others = (
            self._intervention()
            | self._intervention(partner=self.customer_far)
            | self._intervention(partner=self.customer_nowhere)
        )
        proposal = self._proposal()
        lines = proposal.line_ids.filtered(lambda rec: rec.intervention_id in at_site | others)
        self.assertEqual(len(lines), 8)
        lines.write(
            {"technician_id": self.tech_b.id, "plan_date": DAY, "hour": 8.0, "to_plan": True}
        )
        action = proposal.action_confirm()
        planned = (at_site | others).sorted("planned_start")
        # eight hours of work plus the travel run past 17:00: planned, with a warning
        self.assertGreater(_local(planned[-1].planned_stop), datetime(2026, 4, 8, 17, 0))
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(format_date(self.env, DAY), action["params"]["message"])
        self.assertIn("17:00", action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_model"], "field.intervention")
        self.assertEqual(set(planned.mapped("state")), {"planned"})
        self.assertEqual(len(planned.calendar_event_id), 8)
        self.assertEqual(len(set(planned.mapped("planned_start"))), 8)
        for before, after in zip(planned, planned[1:], strict=False):
            self.assertLessEqual(before.planned_stop, after.planned_start)
        # the five visits to the site are back to back
        order = list(planned)
        positions = sorted(order.index(i) for i in at_site)
        self.assertEqual(positions, list(range(positions[0], positions[0] + 5)))
        site_visits = at_site.sorted("planned_start")
        for before, after in zip(site_visits, site_visits[1:], strict=False):
            self.assertEqual(before.planned_stop, after.planned_start)
        # travel from the base (Bologna) before the first visit
        first = _local(planned[0].planned_start)
        self.assertEqual(first.date(), DAY)
        self.assertGreater(first, datetime(2026, 4, 8, 8, 0))
        # the visit without coordinates comes last
        self.assertEqual(planned[-1].partner_id, self.customer_nowhere)
        # the events follow the interventions
        for intervention in planned:
            self.assertEqual(intervention.calendar_event_id.start, intervention.planned_start)

    def test_insert_in_calendars_after_the_visits_already_planned(self):
        busy = self._intervention(
            technician_id=self.tech_b.id,
            planned_start=datetime(2026, 4, 8, 6, 0),  # 08:00-11:00 in Rome
            planned_stop=datetime(2026, 4, 8, 9, 0),
        )
        busy.action_plan()
        new = self._intervention(partner=self.customer_far)
        proposal = self._proposal()
        line = proposal.line_ids.filtered(lambda rec: rec.intervention_id == new)
        line.write({"technician_id": self.tech_b.id, "plan_date": DAY, "to_plan": True})
        action = proposal.action_confirm()
        self.assertEqual(action["res_model"], "field.intervention")  # no warning
        self.assertGreaterEqual(new.planned_start, busy.planned_stop + timedelta(minutes=30))

    # ----------------------------------------------------- editable line
    def test_mandatory_urgent_and_note_are_saved_back(self):
        job = self._intervention(description="Citofonare al magazzino")
        proposal = self._proposal()
        line = proposal.line_ids.filtered(lambda rec: rec.intervention_id == job)
        self.assertFalse(line.mandatory)
        self.assertFalse(line.urgent)
        self.assertEqual(line.note, "Citofonare al magazzino")
        line.write({"mandatory": True, "urgent": True, "note": "Chiavi in portineria"})
        proposal.action_save()
        self.assertTrue(job.mandatory)
        self.assertEqual(job.priority, "2")
        self.assertEqual(job.description, "Chiavi in portineria")
        # proposing again keeps them and ranks the line higher
        score_before = line.score
        proposal.action_compute()
        line = proposal.line_ids.filtered(lambda rec: rec.intervention_id == job)
        self.assertTrue(line.mandatory and line.urgent)
        self.assertGreater(line.score, score_before)
        line.urgent = False
        line.to_plan = True
        line.write({"technician_id": self.tech_b.id, "plan_date": DAY})
        proposal.action_confirm()
        self.assertEqual(job.priority, "0")
        self.assertEqual(job.state, "planned")

    # ----------------------------------------------------------- filters
    def test_filters_inside_the_screen(self):
        modena = self._intervention()
        parma = self._intervention(partner=self.customer_far)
        nowhere = self._intervention(partner=self.customer_nowhere)
        assigned = self._intervention(technician_id=self.tech_b.id)

        def shown(**values):
            proposal = self._proposal(**values)
            return proposal.line_ids.intervention_id & (modena | parma | nowhere | assigned)

        self.assertEqual(shown(), modena | parma | nowhere | assigned)
        self.assertEqual(shown(zone="parma"), parma)
        self.assertEqual(shown(zone="411"), modena | assigned)
        self.assertEqual(shown(unassigned_only=True), modena | parma | nowhere)
        self.assertEqual(shown(technician_id=self.tech_b.id) & assigned, assigned)
        self.assertEqual(shown(partner_id=self.customer_far.id), parma)
        near = self._proposal(near_latitude=44.78, near_longitude=10.31, near_radius_km=10)
        self.assertEqual(near.line_ids.intervention_id, parma)
        self.assertLess(near.line_ids.distance_km, 1.0)
        wide = shown(near_latitude=44.78, near_longitude=10.31, near_radius_km=70)
        self.assertEqual(wide, modena | parma | assigned)
        with self.assertRaises(UserError):
            self._proposal(near_radius_km=-1)
        cleared = self._proposal(zone="parma")
        cleared.action_reset_filters()
        self.assertFalse(cleared.zone)
        self.assertIn(modena, cleared.line_ids.intervention_id)

    def test_contract_filter_and_priority_feed_the_score(self):
        normal = self._contract(intervention_interval_months=6)
        urgent = self._contract(intervention_interval_months=6, priority="2")
        normal._generate_interventions()
        urgent._generate_interventions()
        proposal = self._proposal(contract_id=urgent.id)
        self.assertEqual(proposal.line_ids.intervention_id.contract_id, urgent)
        both = self._proposal(partner_id=self.customer.id)
        by_contract = {}
        for line in both.line_ids:
            by_contract.setdefault(line.intervention_id.contract_id, []).append(line)
        first_urgent = by_contract[urgent][0]
        first_normal = by_contract[normal][0]
        self.assertEqual(first_urgent.expected_date, first_normal.expected_date)
        self.assertGreater(first_urgent.score, first_normal.score)
        self.assertIn("contract 24", first_urgent.score_detail)

    def test_data_summary_counts_waiting_interventions_per_month(self):
        self.env["field.intervention"].search([("state", "=", "to_plan")]).action_cancel()
        self._intervention(expected_date=date(2026, 4, 2))
        self._intervention(expected_date=date(2026, 4, 28))
        self._intervention(expected_date=date(2026, 6, 1))
        self._intervention(expected_date=date(2026, 6, 1)).action_cancel()
        proposal = self.env["field.plan.proposal"].create({})
        self.assertEqual(proposal.waiting_count, 3)
        html = str(proposal.summary_html)
        self.assertIn('04/2026</td><td class="text-end">2<', html)
        self.assertIn('06/2026</td><td class="text-end">1<', html)
        self.assertLess(html.index("04/2026"), html.index("06/2026"))

    # ------------------------------------------------------------ rounds
    def test_rounds_fill_the_time_left_by_planned_interventions(self):
        busy = self._intervention(
            technician_id=self.tech_b.id,
            planned_start=datetime(2026, 4, 8, 6, 0),  # 08:00-12:00 in Rome
            planned_stop=datetime(2026, 4, 8, 10, 0),
        )
        busy.action_plan()
        job = self._intervention(expected_hours=2.0)
        wizard = self.env["field.round.wizard"].create(
            {
                "date_from": DAY,
                "date_to": DAY,
                "technician_ids": [Command.set(self.tech_b.ids)],
                "intervention_ids": [Command.set(job.ids)],
                "time_budget": 0.5,
            }
        )
        wizard.action_compute()
        stop = wizard.round_ids.stop_ids
        self.assertEqual(stop.intervention_id, job)
        self.assertGreaterEqual(stop.start_datetime, busy.planned_stop)
        # a job longer than the time left is reported as short of time
        long_job = self._intervention(expected_hours=6.0)
        wizard.write({"intervention_ids": [Command.set(long_job.ids)]})
        wizard.action_compute()
        self.assertFalse(wizard.round_ids)
        self.assertEqual(wizard.unplanned_ids.reason, routing.WINDOW_INFEASIBLE)

    def test_rounds_run_again_leave_no_duplicate_proposals(self):
        jobs = self._intervention() | self._intervention(partner=self.customer_far)
        values = {
            "date_from": DAY,
            "date_to": DAY + timedelta(days=1),
            "technician_ids": [Command.set(self.tech_b.ids)],
            "time_budget": 0.5,
        }
        first = self.env["field.round.wizard"].create(
            dict(values, intervention_ids=[Command.set(jobs.ids)])
        )
        first.action_compute()
        self.assertTrue(first.round_ids)
        second = self.env["field.round.wizard"].create(
            dict(values, intervention_ids=[Command.set(jobs.ids)])
        )
        second.action_compute()
        drafts = self.env["field.round"].search(
            [("state", "=", "draft"), ("technician_id", "=", self.tech_b.id)]
        )
        self.assertEqual(drafts, second.round_ids)
        self.assertEqual(drafts.stop_ids.intervention_id, jobs)
        self.assertFalse(first.round_ids.exists())

    def test_not_enough_time_is_true(self):
        """A far intervention with a low score used to be left out 'for lack
        of time' while the technician had whole days free."""
        far = self._intervention(partner=self.customer_far)
        wizard = self.env["field.round.wizard"].create(
            {
                "date_from": DAY,
                "date_to": DAY + timedelta(days=2),
                "technician_ids": [Command.set(self.tech_b.ids)],
                "intervention_ids": [Command.set(far.ids)],
                "time_budget": 0.5,
            }
        )
        wizard.action_compute()
        self.assertFalse(wizard.unplanned_ids)
        self.assertEqual(wizard.round_ids.stop_ids.intervention_id, far)
