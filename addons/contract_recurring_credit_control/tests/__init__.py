from . import test_followup
from . import test_demo_data
