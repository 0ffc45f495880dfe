{
    "name": "Contract Overdue Follow-up (Solleciti)",
    "summary": "OCA credit control tied to recurring contracts: reminders logged on "
    "the contracts, letters listing the contract of each open item, suspension "
    "of service lifted by payment, bank returns counted from the return date",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/contract-suite/contract-suite",
    "author": "Contract Suite",
    "license": "AGPL-3",
    "depends": ["contract_recurring", "account_credit_control"],
    "data": [
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "report/report_credit_control_summary.xml",
        "wizards/credit_control_postpone_views.xml",
        "views/credit_control_policy_level_views.xml",
        "views/credit_control_line_views.xml",
    ],
    "demo": ["demo/credit_control_policy_demo.xml"],
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
