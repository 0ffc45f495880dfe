"""Benchmark: pain.008.001.08 generation and XSD validation of a large batch.

Run: python tests/benchmarks/collections.py [--n 100000]
"""

import sys

# This file is named like the stdlib module 'collections': drop its own folder
# from the import path before importing anything else.
if sys.path and sys.path[0].rstrip("/").endswith("benchmarks"):
    del sys.path[0]

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _tools():
    # The addon's __init__ imports Odoo: register a path-only package so that
    # only its plain-Python tools/ are imported.
    import types  # noqa: PLC0415

    package = types.ModuleType("sepa_rid_cbi")
    package.__path__ = [str(ROOT / "addons" / "sepa_rid_cbi")]
    sys.modules.setdefault("sepa_rid_cbi", package)
    from sepa_rid_cbi.tools import pain008, sdd  # noqa: PLC0415

    return pain008, sdd


def build_batch(sdd, count):
    """A batch of count collections over 4 due dates and 2 sequence types."""
    creditor = sdd.Creditor(
        "Societa Alfa Srl",
        "IT60X0542811101000000123456",
        "IT66ZZZA1B2C3D4E5F6G7H8",
        bic="BPPIITRRXXX",
    )
    signed = dt.date(2023, 1, 5)
    collections = tuple(
        sdd.Collection(
            end_to_end_id=f"E2E-{index:08d}",
            amount_cents=100 + index % 50000,
            due_date=dt.date(2024, 6, 3 + index % 4),
            debtor_name=f"Cliente {index} Perché",
            debtor_iban="DE89370400440532013000",
            mandate=sdd.Mandate(
                f"MND-{index:08d}", signed, sequence_type=("RCUR", "FRST")[index % 2]
            ),
            remittance=f"Fattura {index}",
        )
        for index in range(count)
    )
    return sdd.Batch("BENCH-1", dt.datetime(2024, 5, 20, 10, 0), creditor, collections)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000, help="collections")
    args = parser.parse_args()
    pain008, sdd = _tools()
    batch = build_batch(sdd, args.n)
    start = time.perf_counter()
    document = pain008.build(batch, "pain.008.001.08")
    data = pain008.serialize(document)
    generation = time.perf_counter() - start
    start = time.perf_counter()
    pain008.validate(data, "pain.008.001.08")
    validation = time.perf_counter() - start
    print(f"collections: {args.n}, XML size: {len(data) / 1e6:.1f} MB")
    print(
        f"generation (checks + build + serialize): {generation:.2f} s, "
        f"{args.n / generation:,.0f} collections/s"
    )
    print(f"validation (parse + XSD): {validation:.2f} s, {args.n / validation:,.0f} collections/s")


if __name__ == "__main__":
    main()
