{
    "name": "Recurring Contracts - Sales Bridge",
    "summary": "Quotations with recurring lines that become contracts on confirmation; "
    "renewal quotations from the renewal wizard",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/contract-suite/contract-suite",
    "author": "Contract Suite",
    "license": "LGPL-3",
    "depends": ["contract_recurring", "sale"],
    "data": [
        "views/product_template_views.xml",
        "views/sale_order_views.xml",
        "views/recurring_contract_views.xml",
        "views/recurring_contract_hour_block_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/recurring_contract_renewal_views.xml",
    ],
    "demo": ["demo/sale_order_demo.xml"],
    "auto_install": True,
    "installable": True,
}
