import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

from portal.startup import refuse_unsafe_settings  # noqa: E402  (needs the settings loaded)

refuse_unsafe_settings()
