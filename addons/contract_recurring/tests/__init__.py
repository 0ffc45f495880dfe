from . import test_installments
from . import test_billing_run
from . import test_security
from . import test_demo_data
from . import test_cutoff
from . import test_analysis
