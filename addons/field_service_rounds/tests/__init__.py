from . import test_generation
