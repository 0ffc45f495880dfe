from . import test_generation
from . import test_states_calendar
from . import test_planning
from . import test_billing
from . import test_security
from . import test_demo_data
from . import test_round_map
from . import test_report_pdf
