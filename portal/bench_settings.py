"""Settings for `make bench`: production settings plus a trivial view to compare against."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "portal.bench_urls"
