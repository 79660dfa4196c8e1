# machina's override mechanism: declare custom models above this import, then pull in the rest.
from machina.apps.forum.models import *  # noqa: F403
