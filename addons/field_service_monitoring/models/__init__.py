from . import field_monitoring_point_type
from . import field_monitoring_point
from . import field_monitoring_reading
from . import field_commissioning_template
from . import field_commissioning_template_item
from . import field_commissioning_line
from . import field_intervention
from . import res_partner
