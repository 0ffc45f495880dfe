from . import credit_control_policy_level
from . import credit_control_line
from . import credit_control_communication
from . import credit_control_run
from . import res_partner
