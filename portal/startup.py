"""What the server checks before it answers anyone (portal/wsgi.py: runserver and gunicorn)."""
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

NO_KEY = (
    "DJANGO_SECRET_KEY is not set and DJANGO_DEBUG is off: a server on a public address needs a "
    "secret key of its own (sessions, CSRF tokens and password resets are signed with it). Set "
    "DJANGO_SECRET_KEY to a long random value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
    "or DJANGO_DEBUG=1 for development on this machine only."
)


def refuse_unsafe_settings():
    if not settings.DEBUG and not settings.SECRET_KEY_IS_SET:
        raise ImproperlyConfigured(NO_KEY)


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    """`check --deploy` says so too (the throwaway key commands run on would pass Django's own)."""
    if settings.SECRET_KEY_IS_SET:
        return []
    return [Error(NO_KEY, id="portal.E001")]
