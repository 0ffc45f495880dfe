"""Benchmark: the contract billing run against its floor.

    bash tests/benchmarks/run.sh billing [--n 2000|10000] [--batch 500]

Creates N monthly contracts (each with a customer of its own, one installment
due) in a scratch database ``bench_billing`` (contract_recurring installed
without demo), then measures, in the same process and on the same data:

- run: ``recurring.billing.run`` compute + confirm (one invoice per
  installment), committed;
- floor: batched ``account.move.create`` of exactly the invoices the run
  creates (values prepared beforehand, not timed), rolled back.

Prints invoices per second for both, their ratio (target >= 0.9) and the peak
RSS growth of each phase (sampled), which must not grow with N beyond the
batch size.
"""

import argparse
import sys
import threading
import time

import psutil

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config


class PeakRss:
    """Samples the process RSS every 10 ms; ``growth`` is peak minus start."""

    def __init__(self):
        self.process = psutil.Process()
        self.start = self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def growth_mb(self):
        return (self.peak - self.start) / 2**20


def prepare(env, n):
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    if not journal:
        env["account.chart.template"].try_loading("it", company)
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
    product = env["product.product"].create({"name": "Canone", "type": "service"})
    contract_type = env["recurring.contract.type"].create(
        {"name": "Bench", "kind": "maintenance", "product_id": product.id}
    )
    partners = env["res.partner"].create(
        [{"name": f"Cliente {i:05d}", "is_company": True} for i in range(n)]
    )
    contracts = env["recurring.contract"].create(
        [
            {
                "partner_id": partner.id,
                "type_id": contract_type.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "billing_cycle": "monthly",
                "line_ids": [
                    (0, 0, {"name": "Canone", "product_id": product.id, "price_unit": 1200.0})
                ],
            }
            for partner in partners
        ]
    )
    contracts.action_activate()
    return journal


def main():
    separator = sys.argv.index("--")
    config.parse_config(sys.argv[1:separator])
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args(sys.argv[separator + 1 :])
    odoo.modules.module.initialize_sys_path()
    registry = Registry(
        config["db_name"][0] if isinstance(config["db_name"], list) else config["db_name"]
    )

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        journal = prepare(env, args.n)
        cr.commit()
        print(f"prepared {args.n} contracts in {time.perf_counter() - started:.1f} s")

    # importable only once Odoo's addons path is set up above
    from odoo.addons.contract_recurring.wizards import recurring_billing_run  # noqa: PLC0415

    recurring_billing_run.CREATE_BATCH = args.batch
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        run = env["recurring.billing.run"].create(
            {
                "invoice_date": "2026-01-31",
                "journal_id": journal.id,
                "one_invoice_per_installment": True,
            }
        )
        run.action_compute()
        groups = [line.installment_ids for line in run.line_ids]
        values = [run._invoice_values(group) for group in groups]
        for vals in values:  # the floor bills nothing: no links to installments
            for _command, _id, line in vals["invoice_line_ids"]:
                line.pop("recurring_installment_id")
        cr.rollback()  # the preview only served to prepare the floor's values

    # the run first, so that its memory is measured from a clean start
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        with PeakRss() as run_mem:
            started = time.perf_counter()
            run = env["recurring.billing.run"].create(
                {
                    "invoice_date": "2026-01-31",
                    "journal_id": journal.id,
                    "one_invoice_per_installment": True,
                }
            )
            run.action_compute()
            run.action_confirm()
            env.flush_all()
            run_seconds = time.perf_counter() - started
            created = len(run.move_ids)
        cr.commit()

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Move = env["account.move"].with_context(
            default_move_type="out_invoice", check_move_validity=False
        )
        with PeakRss() as floor_mem:
            started = time.perf_counter()
            for start in range(0, len(values), args.batch):
                Move.create(values[start : start + args.batch])
            env.flush_all()
            floor_seconds = time.perf_counter() - started
        cr.rollback()
    floor_rate, run_rate = len(values) / floor_seconds, created / run_seconds
    print(f"invoices: {created} (floor {len(values)}), batch {args.batch}")
    print(
        f"floor (batched account.move.create): {floor_rate:8.1f} invoices/s, "
        f"peak RSS +{floor_mem.growth_mb:.0f} MB"
    )
    print(
        f"billing run (compute + confirm):     {run_rate:8.1f} invoices/s, "
        f"peak RSS +{run_mem.growth_mb:.0f} MB"
    )
    print(f"ratio run/floor: {run_rate / floor_rate:.2f} (target >= 0.90)")


if __name__ == "__main__":
    main()
