from . import field_monitoring_report_wizard
