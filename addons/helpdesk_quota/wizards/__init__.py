from . import recurring_billing_run
from . import helpdesk_call_screen
