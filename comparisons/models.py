from django.db import models


class StoredComparison(models.Model):
    """A computed comparison, kept so that a shared link costs one read. The key names both
    documents' contents (their hashes), the order they are compared in, the parser that read
    them and when each was last saved: a re-parse, an edit or a new parser version computes
    afresh, and an entry nobody can reach again is only wasted space, dated so that old
    entries can be cleared."""

    key = models.CharField(max_length=200, unique=True)
    # JSON as text, not jsonb: jsonb reorders keys, and a stored comparison must read back
    # byte for byte as it was computed.
    data = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return self.key
