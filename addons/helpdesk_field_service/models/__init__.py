from . import field_intervention
from . import helpdesk_call
from . import helpdesk_ticket
from . import res_partner
