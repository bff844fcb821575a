from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site as a whole: its startup checks, request guards, rate limits and health."""

    name = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import startup  # noqa: F401  (registers the deploy check)
