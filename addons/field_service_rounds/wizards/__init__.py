from . import field_plan_proposal
from . import field_plan_proposal_line
from . import field_search_near
from . import field_search_near_line
from . import field_round_wizard
from . import field_round_wizard_unplanned
from . import field_intervention_invoice
