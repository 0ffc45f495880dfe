from . import test_mandate
