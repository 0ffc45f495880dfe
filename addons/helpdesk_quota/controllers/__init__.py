from . import main
from . import pbx
from . import callback
