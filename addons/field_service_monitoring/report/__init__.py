from . import field_monitoring_report
