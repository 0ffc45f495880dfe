"""Billing runs against a committed database: races and a killed run.

Run by tests/suite/suite_contract_concurrency.py with the suite's Python and
Odoo's command-line options (``--addons-path``, ``--db_host``, ``-d`` ...)
followed by ``-- SCENARIO``. Each scenario prints ``OK <figures>`` or exits
non-zero. The database must have contract_recurring installed; scenarios
commit real transactions, so use a throwaway copy.
"""

import threading
import time

import scenarios

from odoo import SUPERUSER_ID, api

CONTRACTS = 40


def _env(cr):
    return api.Environment(cr, SUPERUSER_ID, {})


def _company_and_journal(env):
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    if not journal:
        env["account.chart.template"].try_loading("it", company)
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
    return company, journal


def prepare(registry):
    """Commit CONTRACTS monthly contracts with a plan of 12 installments."""
    with registry.cursor() as cr:
        env = _env(cr)
        company, journal = _company_and_journal(env)
        partner = env["res.partner"].create({"name": "Race Customer S.r.l.", "is_company": True})
        product = env["product.product"].create({"name": "Race service", "type": "service"})
        contract_type = env["recurring.contract.type"].create(
            {"name": "Race", "kind": "maintenance", "product_id": product.id}
        )
        contracts = env["recurring.contract"].create(
            [
                {
                    "partner_id": partner.id,
                    "type_id": contract_type.id,
                    "company_id": company.id,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                    "billing_cycle": "monthly",
                    "line_ids": [
                        (0, 0, {"name": "Race", "product_id": product.id, "price_unit": 120.0})
                    ],
                }
                for _i in range(CONTRACTS)
            ]
        )
        contracts.action_activate()
        cr.commit()
        return partner.id, journal.id


def _run(env, partner_id, journal_id):
    run = env["recurring.billing.run"].create(
        {
            "invoice_date": "2026-03-31",
            "journal_id": journal_id,
            "partner_id": partner_id,
            "one_invoice_per_installment": True,
        }
    )
    run.action_compute()
    return run


def _check_billed_once(registry, partner_id, expected):
    with registry.cursor() as cr:
        cr.execute(
            """
            SELECT i.id, count(l.id)
              FROM recurring_contract_installment i
              JOIN recurring_contract c ON c.id = i.contract_id
              LEFT JOIN account_move_line l
                ON l.recurring_installment_id = i.id AND l.parent_state != 'cancel'
             WHERE c.partner_id = %s AND i.invoice_date <= '2026-03-31'
             GROUP BY i.id
            """,
            [partner_id],
        )
        rows = cr.fetchall()
        cr.execute(
            """
            SELECT count(*) FROM recurring_contract_installment i
              JOIN recurring_contract c ON c.id = i.contract_id
             WHERE c.partner_id = %s AND i.move_id IS NOT NULL
            """,
            [partner_id],
        )
        linked = cr.fetchone()[0]
    counts = [count for _id, count in rows]
    assert len(rows) == CONTRACTS * 3, rows
    assert all(count == expected for count in counts), f"invoice lines per installment: {counts}"
    assert linked == CONTRACTS * 3 * expected, linked
    return len(rows)


def scenario_race(registry):
    """Two runs confirm at the same time: the second skips what the first holds."""
    partner_id, journal_id = prepare(registry)
    first_confirmed, release = threading.Event(), threading.Event()
    results, errors = {}, []

    def first():
        try:
            with registry.cursor() as cr:
                run = _run(_env(cr), partner_id, journal_id)
                run.action_confirm()
                results["first"] = len(run.move_ids)
                first_confirmed.set()
                release.wait(60)
        except Exception as error:  # reported below
            errors.append(error)
            first_confirmed.set()

    def second():
        try:
            with registry.cursor() as cr:
                run = _run(_env(cr), partner_id, journal_id)
                first_confirmed.wait(60)
                run.action_confirm()
                results["second"] = len(run.move_ids)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            release.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert results == {"first": CONTRACTS * 3, "second": 0}, results
    billed = _check_billed_once(registry, partner_id, 1)
    print(
        f"OK race: first run {results['first']} invoices, second {results['second']}, "
        f"{billed} installments billed once"
    )


def scenario_stale_snapshot(registry):
    """A run whose preview predates another run's commit fails whole, writes nothing."""
    partner_id, journal_id = prepare(registry)
    with registry.cursor() as cr_a, registry.cursor() as cr_b:
        run_b = _run(_env(cr_b), partner_id, journal_id)  # snapshot taken now
        run_a = _run(_env(cr_a), partner_id, journal_id)
        run_a.action_confirm()
        cr_a.commit()
        try:
            run_b.action_confirm()
            cr_b.commit()
        except Exception as error:  # psycopg2 serialization failure expected
            cr_b.rollback()
            kind = type(error).__name__
        else:
            raise AssertionError("the stale run billed installments already billed")
    billed = _check_billed_once(registry, partner_id, 1)
    print(f"OK stale snapshot: second run refused ({kind}), {billed} installments billed once")


def scenario_killed(registry):
    """Half-way: invoices created, not committed; the process dies (SIGKILL)."""
    partner_id, journal_id = prepare(registry)
    with registry.cursor() as cr:
        run = _run(_env(cr), partner_id, journal_id)
        run.action_confirm()
        cr.flush()
        print(f"READY {partner_id} {journal_id}", flush=True)
        time.sleep(600)  # the parent kills us here


def scenario_after_kill(registry, partner_id, journal_id):
    with registry.cursor() as cr:
        env = _env(cr)
        cr.execute(
            "SELECT count(*) FROM recurring_contract_installment i JOIN recurring_contract c"
            " ON c.id = i.contract_id WHERE c.partner_id = %s AND i.move_id IS NOT NULL",
            [partner_id],
        )
        assert cr.fetchone()[0] == 0, "a killed run left installments billed"
        run = _run(env, int(partner_id), int(journal_id))
        run.action_confirm()
        cr.commit()
    billed = _check_billed_once(registry, int(partner_id), 1)
    print(
        f"OK after kill: nothing was left half-written; a new run billed {billed} installments once"
    )


def main():
    scenarios.run(
        {
            "race": scenario_race,
            "stale": scenario_stale_snapshot,
            "killed": scenario_killed,
            "after_kill": scenario_after_kill,
        }
    )


if __name__ == "__main__":
    main()
