#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    root = Path(__file__).resolve().parent
    # `site` is a stdlib module name: the project package is site/tavolone.
    sys.path[:0] = [str(root / "site"), str(root)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tavolone.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
