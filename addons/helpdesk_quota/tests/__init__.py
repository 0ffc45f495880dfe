from . import test_eligibility
from . import test_quota
from . import test_mail_time
from . import test_call_screen
from . import test_portal
from . import test_demo_data
from . import test_calls
from . import test_service_suspension
