from . import product_template
from . import res_company
from . import res_config_settings
from . import recurring_contract
from . import recurring_contract_line
from . import recurring_contract_hour_block
from . import sale_order
from . import sale_order_line
