from . import credit_control_postpone
