from django.db import models


class RateCount(models.Model):
    """Requests one client made in one window of one rate limit (portal/ratelimit.py). Kept in
    the database so that every server worker counts against the same numbers."""

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField(help_text="start of the window, seconds since the epoch")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="ratecount_key_window")]
        indexes = [models.Index(fields=["window_start"], name="ratecount_window")]

    def __str__(self):
        return f"{self.key} @{self.window_start}: {self.count}"
