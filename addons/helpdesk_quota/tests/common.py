from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.contract_recurring.tests.common import ContractCommon


class HelpdeskQuotaCommon(ContractCommon):
    """A customer with one active maintenance contract including 2 requests a
    month, a portal contact of that customer, a helpdesk operator, another
    customer with a portal user of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.env.user.groups_id |= cls.env.ref("helpdesk_mgmt.group_helpdesk_manager")
        cls.today = fields.Date.context_today(cls.env.user)
        cls.company.write(
            {
                "email": "assistenza@example.com",
                "helpdesk_overdue_threshold": 100.0,
                "helpdesk_require_contract": True,
                "helpdesk_overdue_message": "Pass the call to accounts.",
            }
        )
        cls.type_maintenance.write({"helpdesk_quota": 2, "helpdesk_quota_period": "month"})
        cls.contract = cls._support_contract(cls.customer)
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Mario Rossi",
                "parent_id": cls.customer.id,
                "email": "mario.rossi@example.com",
                "phone": "+39 02 1234 5678",
            }
        )
        company_values = {"company_id": cls.company.id, "company_ids": cls.company.ids}
        cls.portal_user = new_test_user(
            cls.env,
            login="hq_portal",
            password="hq_portal_pwd",
            groups="base.group_portal",
            partner_id=cls.contact.id,
            **company_values,
        )
        cls.operator = new_test_user(
            cls.env,
            login="hq_operator",
            groups="helpdesk_mgmt.group_helpdesk_user,contract_recurring.group_contract_user",
            **company_values,
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Officina Bianchi S.n.c.", "is_company": True}
        )
        cls.other_contract = cls._support_contract(cls.other_customer)
        cls.other_contact = cls.env["res.partner"].create(
            {
                "name": "Luigi Bianchi",
                "parent_id": cls.other_customer.id,
                "email": "luigi@example.com",
            }
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="hq_portal_other",
            password="hq_portal_other_pwd",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
            **company_values,
        )
        cls.no_contract_customer = cls.env["res.partner"].create(
            {"name": "Senza Contratto S.r.l.", "is_company": True}
        )
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    @classmethod
    def _support_contract(cls, partner, **values):
        return cls._contract(
            480.0,
            "quarterly",
            start=fields.Date.to_string(cls.today - timedelta(days=60)),
            end=fields.Date.to_string(cls.today + timedelta(days=300)),
            partner=partner,
            **values,
        )

    def _ticket(self, partner=None, user=None, **values):
        Ticket = self.env["helpdesk.ticket"].with_user(user or self.operator)
        return Ticket.create(
            {
                "name": values.pop("name", "La stampante non stampa"),
                "description": "<p>Da ieri la stampante di rete non risponde.</p>",
                "partner_id": (partner or self.customer).id,
                **values,
            }
        )

    def _overdue_invoice(self, partner, amount):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": self.today - timedelta(days=90),
                "invoice_date_due": self.today - timedelta(days=60),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Canone",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice
