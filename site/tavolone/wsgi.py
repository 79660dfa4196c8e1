import os
import sys
from pathlib import Path

# `site` is a stdlib module name, so the project package lives one folder down.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tavolone.settings")

import django  # noqa: E402

django.setup(set_prefix=False)  # what get_wsgi_application() does, before our handler

# Django's handler, but a stored anonymous page is answered before the middleware stack runs.
from tavolone.pagecache.wsgi import StoredPageHandler  # noqa: E402

application = StoredPageHandler()
