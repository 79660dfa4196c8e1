"""Staging tests: run by `make staging` (.ci/staging.py) against the production topology.

They talk HTTP to nginx like a visitor would, and read the emails the site wrote to files; they
never import the site's code or touch its database. Without STAGING_URL they skip, saying why.
"""

import os
from pathlib import Path

import pytest

STAGING_URL = os.environ.get("STAGING_URL", "")


def pytest_collection_modifyitems(items):
    if STAGING_URL:
        return
    skip = pytest.mark.skip(reason="STAGING_URL is not set: `make staging` runs these tests")
    for item in items:
        if "tests/staging/" in str(item.path):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def staging_url() -> str:
    return STAGING_URL


@pytest.fixture(scope="session")
def mail_dir() -> Path:
    return Path(os.environ["STAGING_DIR"]) / "mail"
