import os
import sys
from pathlib import Path

# `site` is a stdlib module name, so the project package lives one folder down.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tavolone.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
