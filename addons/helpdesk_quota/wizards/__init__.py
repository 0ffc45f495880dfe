from . import helpdesk_call_screen
