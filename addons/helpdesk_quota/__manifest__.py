{
    "name": "Helpdesk Quotas on Contracts",
    "summary": "Tickets bound to recurring contracts: portal gating by active "
    "contract and overdue payments, per-period quotas, stage e-mails, the "
    "operator's call screen and a PBX endpoint",
    "version": "18.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/contract-suite/contract-suite",
    "author": "Contract Suite",
    "license": "LGPL-3",
    "depends": ["helpdesk_mgmt", "contract_recurring"],
    "data": [
        "security/helpdesk_quota_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "data/helpdesk_ticket_stage_data.xml",
        "views/recurring_contract_type_views.xml",
        "views/recurring_contract_views.xml",
        "views/helpdesk_quota_counter_views.xml",
        "views/helpdesk_quota_extra_views.xml",
        "views/helpdesk_ticket_time_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_call_views.xml",
        "views/helpdesk_callback_request_views.xml",
        "views/helpdesk_ticket_stage_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/res_config_settings_views.xml",
        "views/helpdesk_quota_templates.xml",
        "wizards/helpdesk_call_screen_views.xml",
        "views/helpdesk_quota_menus.xml",
    ],
    "demo": ["demo/helpdesk_quota_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "helpdesk_quota/static/src/**/*",
        ],
        "web.assets_tests": [
            "helpdesk_quota/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
