{
    "name": "Recurring Contracts: Online Payment",
    "summary": "'Pay now' on the contract's portal page for its open invoices, "
    "through Odoo's payment providers",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/contract-suite/contract-suite",
    "author": "Contract Suite",
    "license": "LGPL-3",
    "depends": ["contract_recurring", "account_payment"],
    "data": [
        "views/recurring_contract_portal_templates.xml",
    ],
    "auto_install": True,
    "installable": True,
}
