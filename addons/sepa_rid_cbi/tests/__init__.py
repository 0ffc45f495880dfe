from . import test_mandate
from . import test_batch
from . import test_accounting
from . import test_returns
from . import test_transfers
from . import test_malformed
from . import test_security
from . import test_demo_data
