import datetime as dt

from odoo import Command, fields

from odoo.addons.contract_recurring.tests.common import ContractCommon


class FollowupCommon(ContractCommon):
    """A 'Solleciti' policy: friendly e-mail at 7 days, returned collections
    (level 2, from the return date), formal letter at 30, suspension at 60."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref(
            "account_credit_control.group_account_credit_control_manager"
        )
        cls.customer.email = "amministrazione@ferramentarossi.example.it"
        cls.today = fields.Date.context_today(cls.env.user)
        reminder = cls.env.ref("contract_recurring_credit_control.mail_template_recurring_reminder")
        letter = cls.env.ref("contract_recurring_credit_control.mail_template_recurring_letter")
        receivable = cls.company_data["default_account_receivable"]

        def level(number, name, delay, channel, template, **values):
            return Command.create(
                {
                    "level": number,
                    "name": name,
                    "computation_mode": "net_days",
                    "delay_days": delay,
                    "channel": channel,
                    "email_template_id": template.id,
                    "custom_text": name,
                    "custom_mail_text": f"<p>{name}</p>",
                    **values,
                }
            )

        cls.policy = cls.env["credit.control.policy"].create(
            {
                "name": "Solleciti",
                "company_id": cls.company.id,
                "account_ids": [Command.set(receivable.ids)],
                "level_ids": [
                    level(1, "Friendly reminder", 7, "email", reminder),
                    level(
                        2, "Returned collection", 0, "email", reminder, recurring_bank_return=True
                    ),
                    level(3, "Formal letter", 30, "letter", letter),
                    level(4, "Suspension", 60, "email", reminder, recurring_suspend_service=True),
                ],
            }
        )
        cls.levels = cls.policy.level_ids.sorted("level")
        cls.company.credit_policy_id = cls.policy
        cls.contract = cls._contract(amount=480.0, start="2025-01-01", end="2026-12-31")

    @classmethod
    def _contract_invoice(cls, days_overdue, amount=300.0, contract=None):
        """A posted invoice of the contract, due ``days_overdue`` days ago."""
        contract = contract or cls.contract
        builder = cls.env["recurring.invoice.builder"]
        fiscal_position = builder._fiscal_position(contract)
        due = cls.today - dt.timedelta(days=days_overdue)
        invoice = builder._create_invoices(
            [
                builder._invoice_values(
                    contract,
                    [
                        builder._line_values(
                            contract, fiscal_position, name="Canone", price_unit=amount
                        )
                    ],
                    partner=contract.partner_id,
                    company=cls.company,
                    invoice_date=due,
                    journal=cls.sale_journal,
                    fiscal_position=fiscal_position,
                    values={"invoice_payment_term_id": False, "invoice_date_due": due},
                )
            ]
        )
        invoice.action_post()
        return invoice

    def _followup_run(self, days_ago):
        """A follow-up run as of ``days_ago`` days before today."""
        run = self.env["credit.control.run"].create(
            {
                "date": self.today - dt.timedelta(days=days_ago),
                "company_id": self.company.id,
                "policy_ids": [Command.set(self.policy.ids)],
            }
        )
        run.generate_credit_lines()
        return run
