"""Billing runs split into queue_job jobs, against a committed database.

Run by tests/suite/suite_queue_jobs.py (and tests/benchmarks/billing.py) with
the suite's Python and Odoo's command-line options followed by
``-- SCENARIO ARGS``; the jobs themselves are run by a real Odoo server with
queue_job's job runner that the caller starts. Each scenario prints one line
(``PREPARED``, ``STARTED``, ``RUNNING``, ``DONE`` or ``OK``) or exits non-zero.
The database must have contract_recurring_queue installed; use a throwaway
copy.
"""

import time

import scenarios

from odoo import SUPERUSER_ID, api

INVOICE_DATE = "2026-03-31"
INSTALLMENTS_PER_CONTRACT = 3  # monthly, January to March


def _env(cr):
    return api.Environment(cr, SUPERUSER_ID, {})


def scenario_prepare(registry, contracts, threshold, size):
    """Commit ``contracts`` monthly one-line contracts of one customer, and
    the split settings."""
    with registry.cursor() as cr:
        env = _env(cr)
        company = env.company
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        if not journal:
            env["account.chart.template"].try_loading("it", company)
            journal = env["account.journal"].search(
                [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
            )
        partner = env["res.partner"].create({"name": "Jobs Customer S.r.l.", "is_company": True})
        product = env["product.product"].create({"name": "Jobs service", "type": "service"})
        contract_type = env["recurring.contract.type"].create(
            {"name": "Jobs", "kind": "maintenance", "product_id": product.id}
        )
        records = env["recurring.contract"].create(
            [
                {
                    "partner_id": partner.id,
                    "type_id": contract_type.id,
                    "company_id": company.id,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                    "billing_cycle": "monthly",
                    "line_ids": [
                        (0, 0, {"name": "Jobs", "product_id": product.id, "price_unit": 120.0})
                    ],
                }
                for _i in range(int(contracts))
            ]
        )
        records.action_activate()
        params = env["ir.config_parameter"]
        params.set_param("contract_recurring_queue.split_threshold", int(threshold))
        params.set_param("contract_recurring_queue.job_size", int(size))
        cr.commit()
        print(f"PREPARED {partner.id} {journal.id}", flush=True)


def _wizard(env, partner_id, journal_id, post=False):
    wizard = env["recurring.billing.run"].create(
        {
            "invoice_date": INVOICE_DATE,
            "journal_id": int(journal_id),
            "partner_id": int(partner_id),
            "one_invoice_per_installment": True,
            "post_invoices": post,
        }
    )
    wizard.action_compute()
    return wizard


def scenario_start(registry, partner_id, journal_id, runs="1", post="0"):
    """Confirm ``runs`` billing runs over the same installments (all previews
    computed first), each committed; their jobs are queued, not run. With
    ``post`` 1 the jobs also post what they bill."""
    wizards = []
    for _i in range(int(runs)):
        with registry.cursor() as cr:
            wizards.append(_wizard(_env(cr), partner_id, journal_id, post == "1").id)
            cr.commit()
    billings = []
    for wizard_id in wizards:
        with registry.cursor() as cr:
            wizard = _env(cr)["recurring.billing.run"].browse(wizard_id)
            wizard.action_confirm()
            billing = wizard.billing_id
            assert billing.state == "running", billing.state
            assert not billing.move_ids, "the jobs bill, not the confirmation"
            billings.append(f"{billing.id}:{len(billing.job_uuid_ref)}")
            cr.commit()
    print("STARTED " + " ".join(billings), flush=True)


def _job_states(cr, billing_ids):
    cr.execute(
        """
        SELECT state, count(*) FROM queue_job
         WHERE method_name = '_bill_chunk'
           AND uuid IN (SELECT jsonb_array_elements_text(job_uuid_ref)
                          FROM recurring_billing WHERE id IN %s)
         GROUP BY state
        """,
        [tuple(billing_ids)],
    )
    return dict(cr.fetchall())


def scenario_wait_started(registry, *billing_ids, timeout="300"):
    """Return as soon as a chunk job of these runs is executing."""
    ids = [int(b) for b in billing_ids]
    deadline = time.monotonic() + float(timeout)
    while time.monotonic() < deadline:
        with registry.cursor() as cr:
            states = _job_states(cr, ids)
        if states.get("started"):
            print(f"RUNNING {states}", flush=True)
            return
        assert not states.get("done"), f"a job ended before one was seen running: {states}"
        time.sleep(0.1)
    raise AssertionError("no job started in time")


def scenario_wait(registry, *billing_ids, timeout="600"):
    """Wait until these runs are done (or failed); print the seconds waited."""
    ids = [int(b) for b in billing_ids]
    start = time.monotonic()
    while True:
        with registry.cursor() as cr:
            cr.execute("SELECT state FROM recurring_billing WHERE id IN %s", [tuple(ids)])
            states = [row[0] for row in cr.fetchall()]
        if all(state in ("done", "failed") for state in states):
            break
        assert time.monotonic() - start < float(timeout), f"runs still {states}"
        time.sleep(0.5)
    print(f"DONE {time.monotonic() - start:.1f} {' '.join(states)}", flush=True)


def scenario_check(registry, partner_id, contracts, *billing_ids):
    """Every installment due by the invoice date is billed exactly once, by
    one invoice line, and the runs are done."""
    expected = int(contracts) * INSTALLMENTS_PER_CONTRACT
    with registry.cursor() as cr:
        cr.execute(
            """
            SELECT i.id, i.move_id IS NOT NULL, count(l.id)
              FROM recurring_contract_installment i
              JOIN recurring_contract c ON c.id = i.contract_id
              LEFT JOIN account_move_line l
                ON l.recurring_installment_id = i.id AND l.display_type = 'product'
             WHERE c.partner_id = %s AND i.invoice_date <= %s
             GROUP BY i.id
            """,
            [int(partner_id), INVOICE_DATE],
        )
        rows = cr.fetchall()
        cr.execute(
            "SELECT state FROM recurring_billing WHERE id IN %s",
            [tuple(int(b) for b in billing_ids)],
        )
        states = [row[0] for row in cr.fetchall()]
        jobs = _job_states(cr, [int(b) for b in billing_ids])
    assert len(rows) == expected, (len(rows), expected)
    unlinked = [row[0] for row in rows if not row[1]]
    assert not unlinked, f"installments left unbilled: {unlinked[:10]}"
    counts = sorted({row[2] for row in rows})
    assert counts == [1], f"invoice lines per installment: {counts}"
    assert set(states) == {"done"}, states
    print(f"OK {expected} installments billed once; runs {states}; chunk jobs {jobs}")


def scenario_check_posted(registry, partner_id, contracts):
    """The customer's invoices are all posted on one journal, their numbers
    unique and without gaps (each job posted in its own transaction)."""
    with registry.cursor() as cr:
        cr.execute(
            """
            SELECT state, name, sequence_prefix, sequence_number
              FROM account_move
             WHERE partner_id = %s AND move_type = 'out_invoice'
            """,
            [int(partner_id)],
        )
        rows = cr.fetchall()
    expected = int(contracts) * INSTALLMENTS_PER_CONTRACT
    assert len(rows) == expected, (len(rows), expected)
    assert {row[0] for row in rows} == {"posted"}, {row[0] for row in rows}
    assert len({row[1] for row in rows}) == expected, "two invoices share a number"
    prefixes = {row[2] for row in rows}
    assert len(prefixes) == 1, prefixes
    numbers = sorted(row[3] for row in rows)
    assert numbers == list(range(numbers[0], numbers[0] + expected)), "gap in the numbering"
    print(f"OK {expected} invoices posted, numbered {numbers[0]}..{numbers[-1]} without gaps")


def main():
    scenarios.run(
        {
            "prepare": scenario_prepare,
            "start": scenario_start,
            "wait_started": scenario_wait_started,
            "wait": scenario_wait,
            "check": scenario_check,
            "check_posted": scenario_check_posted,
        }
    )


if __name__ == "__main__":
    main()
