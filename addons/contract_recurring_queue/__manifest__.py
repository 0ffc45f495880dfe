{
    "name": "Recurring Contracts: Background Billing",
    "summary": "Large billing runs, mass renewals and cut-off previews split into "
    "queue_job jobs, with their progress on the billing run",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/contract-suite/contract-suite",
    "author": "Contract Suite",
    "license": "LGPL-3",
    "depends": ["contract_recurring", "queue_job"],
    "data": [
        "data/queue_job_data.xml",
        "views/recurring_billing_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "contract_recurring_queue/static/src/js/*",
        ],
    },
    "auto_install": False,
    "installable": True,
}
