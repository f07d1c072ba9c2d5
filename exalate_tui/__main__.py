import sys

from .cli import main_tui

sys.exit(main_tui())
