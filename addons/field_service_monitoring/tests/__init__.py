from . import test_monitoring
from . import test_monitoring_report
from . import test_commissioning
from . import test_security
from . import test_demo_data
