from . import test_quotation_contract
from . import test_renewal_quotation
from . import test_prepaid_hours
