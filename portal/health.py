"""`/healthz`: whether this server can answer — the database answers and every migration the
code knows is applied. 200 with JSON when so, 503 saying what is wrong otherwise; for a load
balancer or a monitor, so it is not rate-limited, redirected to https or cached."""
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

# Once applied, migrations stay applied for the code this process runs: checked until then.
_migrated = False


def _pending(connection):
    """Every migration the code has that the database has not recorded as applied."""
    loader = MigrationLoader(connection)
    return sorted(f"{app}.{name}" for app, name in set(loader.graph.nodes) - set(loader.applied_migrations))


@never_cache
def healthz(request):
    global _migrated
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse({"status": "error", "database": f"unreachable: {type(exc).__name__}"}, status=503)
    if not _migrated:
        try:
            pending = _pending(connection)
        except Exception as exc:
            return JsonResponse({"status": "error", "database": "ok", "migrations": f"unknown: {type(exc).__name__}"}, status=503)
        if pending:
            return JsonResponse({"status": "error", "database": "ok", "migrations": "pending", "pending": pending}, status=503)
        _migrated = True
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})
