"""Helpdesk quota under concurrency, with real committed transactions.

Run by tests/suite/suite_helpdesk_concurrency.py with the suite's Python and
Odoo's command-line options (``--addons-path``, ``--db_host``, ``-d`` ...)
followed by ``-- race [SUBMISSIONS] [QUOTA]``. Prints ``OK <figures>`` or
exits non-zero. The database must have helpdesk_quota installed; the
scenario commits, so use a throwaway copy.

SUBMISSIONS threads (20) submit a ticket at the same moment, each in its own
cursor and transaction, against a contract including QUOTA (10) requests a
month. Each submission does what the portal controller does (eligibility as
the portal user, then the ticket created with sudo) and commits; a
serialization failure is retried like Odoo's HTTP layer retries a request.
Exactly QUOTA tickets must exist afterwards, and the counter must say so.
"""

import random
import sys
import threading
import time
from datetime import date, timedelta

import psycopg2.errorcodes

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tools import config

RETRYABLE = {
    psycopg2.errorcodes.SERIALIZATION_FAILURE,
    psycopg2.errorcodes.DEADLOCK_DETECTED,
    psycopg2.errorcodes.LOCK_NOT_AVAILABLE,
}
MAX_TRIES = 50


def prepare(registry, quota):
    """Commit a customer, its portal user and a contract with the quota."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        stamp = f"{time.time_ns()}"
        customer = env["res.partner"].create(
            {"name": f"Race Helpdesk S.r.l. {stamp}", "is_company": True}
        )
        contact = env["res.partner"].create(
            {"name": "Race Contact", "parent_id": customer.id, "email": f"race{stamp}@example.com"}
        )
        user = env["res.users"].create(
            {
                "name": "Race Portal",
                "login": f"race_portal_{stamp}",
                "partner_id": contact.id,
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
            }
        )
        product = env["product.product"].create({"name": "Race support", "type": "service"})
        contract_type = env["recurring.contract.type"].create(
            {
                "name": f"Race support {stamp}",
                "kind": "maintenance",
                "product_id": product.id,
                "helpdesk_quota": quota,
                "helpdesk_quota_period": "month",
                "helpdesk_over_quota": "refuse",
            }
        )
        today = date.today()
        contract = env["recurring.contract"].create(
            {
                "partner_id": customer.id,
                "type_id": contract_type.id,
                "company_id": company.id,
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=300),
                "billing_cycle": "monthly",
                "line_ids": [
                    (0, 0, {"name": "Race", "product_id": product.id, "price_unit": 100.0})
                ],
            }
        )
        contract.action_activate()
        cr.commit()
        return user.id, customer.id, contract.id


def submit(registry, user_id, number, barrier, results, lock):
    """One portal submission; retried on serialization failures."""
    barrier.wait(60)
    retries = 0
    for _attempt in range(MAX_TRIES):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, user_id, {})
                partner = env.user.partner_id
                ok, reason, contracts = partner._helpdesk_eligibility()[partner.id]
                if not ok:
                    outcome = ("ineligible", reason)
                else:
                    env["helpdesk.ticket"].sudo().create(
                        {
                            "name": f"Race ticket {number}",
                            "description": "<p>race</p>",
                            "partner_id": partner.commercial_partner_id.id,
                            "requester_id": partner.id,
                            "contract_id": contracts.id,
                        }
                    )
                    outcome = ("created", None)
                cr.commit()
        except UserError as error:
            outcome = ("refused", str(error))
        except psycopg2.OperationalError as error:
            if error.pgcode not in RETRYABLE:
                outcome = ("error", repr(error))
            else:
                retries += 1
                time.sleep(random.uniform(0.0, 0.05 * min(retries, 10)))
                continue
        except Exception as error:  # reported by the caller
            outcome = ("error", repr(error))
        with lock:
            results.append((outcome[0], outcome[1], retries))
        return
    with lock:
        results.append(("gave_up", None, retries))


def scenario_race(registry, submissions="20", quota="10"):
    submissions, quota = int(submissions), int(quota)
    user_id, customer_id, contract_id = prepare(registry, quota)
    barrier = threading.Barrier(submissions)
    results, lock = [], threading.Lock()
    started = time.monotonic()
    threads = [
        threading.Thread(target=submit, args=(registry, user_id, number, barrier, results, lock))
        for number in range(submissions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    elapsed = time.monotonic() - started
    outcomes = [outcome for outcome, _detail, _retries in results]
    errors = [r for r in results if r[0] not in ("created", "refused")]
    assert not errors, errors
    assert len(results) == submissions, results
    with registry.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM helpdesk_ticket WHERE commercial_partner_id = %s",
            [customer_id],
        )
        tickets = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*), coalesce(sum(used), 0) FROM helpdesk_quota_counter "
            "WHERE contract_id = %s",
            [contract_id],
        )
        counters, used = cr.fetchone()
    refusals = {detail for outcome, detail, _retries in results if outcome == "refused"}
    assert tickets == quota, f"{tickets} tickets for a quota of {quota}: {results}"
    assert outcomes.count("created") == quota, results
    assert outcomes.count("refused") == submissions - quota, results
    assert (counters, used) == (1, quota), (counters, used)
    assert all("all of them have been used" in detail for detail in refusals), refusals
    retries = sum(r for _o, _d, r in results)
    print(
        f"OK race: {submissions} simultaneous submissions against a quota of "
        f"{quota}: {tickets} tickets created, {outcomes.count('refused')} refused "
        f"over quota, counter used={used}; {retries} serialization retries, "
        f"{elapsed:.2f}s"
    )


def main():
    separator = sys.argv.index("--")
    odoo_args, scenario = sys.argv[1:separator], sys.argv[separator + 1 :]
    config.parse_config(odoo_args)
    odoo.modules.module.initialize_sys_path()
    database = config["db_name"]
    if isinstance(database, list):
        database = database[0]
    registry = Registry(database)
    name, *params = scenario
    {"race": scenario_race}[name](registry, *params)


if __name__ == "__main__":
    main()
