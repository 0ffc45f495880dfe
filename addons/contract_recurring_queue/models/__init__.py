from . import recurring_billing
from . import recurring_contract
from . import recurring_cutoff
from . import res_config_settings
