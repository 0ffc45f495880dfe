from . import sepa_file_import_mixin
from . import sepa_return_import
from . import sepa_transfer_import
from . import sepa_mandate_event_import
