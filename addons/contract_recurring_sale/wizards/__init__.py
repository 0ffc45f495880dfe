from . import recurring_contract_renewal
from . import sale_advance_payment_inv
