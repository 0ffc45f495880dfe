from . import recurring_billing_run
from . import recurring_billing_run_line
from . import recurring_installment_recalculate
from . import recurring_installment_recalculate_line
from . import recurring_installment_link
