"""What the committed-transaction scripts share: ``script.py <odoo options>
-- SCENARIO [ARGS...]`` runs one named scenario against the database."""

import sys

import odoo
from odoo.modules.registry import Registry
from odoo.tools import config


def run(scenarios):
    """Parse Odoo's options (before ``--``) and run the named scenario with
    the registry and its arguments (after it)."""
    separator = sys.argv.index("--")
    odoo_args, scenario = sys.argv[1:separator], sys.argv[separator + 1 :]
    config.parse_config(odoo_args)
    odoo.modules.module.initialize_sys_path()
    database = config["db_name"]
    registry = Registry(database[0] if isinstance(database, list) else database)
    name, *params = scenario
    scenarios[name](registry, *params)
