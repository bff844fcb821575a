"""The settings the tests run under: the project's own, with a key of their own, plain HTTP
(the test client and the live server speak http) and no rate limits. Set in the environment,
so that the commands tests start in subprocesses get them too."""
import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
# Every test client comes from one address; the rate limits' own tests turn them on.
os.environ.setdefault("GONGKAI_RATE_LIMITS", "off")
# No export builds behind the tests' backs; the rebuild's own tests turn it on.
os.environ.setdefault("GONGKAI_DATASET_REBUILD", "off")
# Nor do they read or mark the export a developer built in the working copy (./dataset).
os.environ.setdefault("GONGKAI_DATASET_DIR", tempfile.mkdtemp(prefix="gongkai-test-dataset-"))

# Pages kept for anonymous readers show every write at once (no lag while a collection is
# written); the cache's own tests set a lag.
os.environ.setdefault("GONGKAI_PAGE_LAG", "0")

from portal.settings import *  # noqa: E402,F401,F403
