from . import thresholds
