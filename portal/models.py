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


class KeptPage(models.Model):
    """A public page as rendered for anonymous readers, shared by every worker and server
    (documents/pagecache.py): served again while the collection's generation it was rendered
    at holds. Unlogged (migration 0003): a crash may empty it, which costs one rendering."""

    key = models.CharField(max_length=64, primary_key=True, help_text="sha256 of the URL and language")
    generation = models.BigIntegerField()
    rendered = models.FloatField(help_text="when it was rendered, seconds since the epoch")
    exact = models.BooleanField(help_text="rendered once the generation's writes were surely visible")
    status = models.PositiveSmallIntegerField()
    headers = models.JSONField()
    content = models.BinaryField(help_text="the body, zlib-compressed")

    class Meta:
        indexes = [models.Index(fields=["rendered"], name="keptpage_rendered")]
