from . import recurring_contract_renewal
