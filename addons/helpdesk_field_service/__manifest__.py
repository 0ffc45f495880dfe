{
    "name": "Helpdesk Quotas - Field Service Bridge",
    "summary": "Create technical interventions from tickets and incoming calls",
    "version": "18.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/contract-suite/contract-suite",
    "author": "Contract Suite",
    "license": "LGPL-3",
    "depends": ["helpdesk_quota", "field_service_rounds"],
    "data": [
        "security/ir.model.access.csv",
        "views/helpdesk_ticket_views.xml",
        "views/field_intervention_views.xml",
        "views/res_partner_views.xml",
        "wizards/helpdesk_call_screen_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
