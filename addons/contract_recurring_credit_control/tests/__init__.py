from . import test_followup
