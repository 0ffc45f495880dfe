from . import test_billing_jobs
