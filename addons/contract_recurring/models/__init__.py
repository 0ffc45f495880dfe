from . import recurring_contract_type
from . import recurring_contract_group
from . import recurring_contract
from . import recurring_contract_line
from . import recurring_contract_installment
from . import account_move
from . import account_move_line
from . import res_partner
