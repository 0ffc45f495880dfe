from . import test_portal_payment
