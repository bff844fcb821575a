class IngestError(Exception):
    """Input that cannot become a document. `code` is stable for programs, the message is for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self):
        return self.message


def check_size(size: int, max_bytes: int) -> None:
    """Refuse a file of `size` bytes over the limit, in the same words wherever the size is
    checked: before a file is read (upload, command) or when its bytes are parsed."""
    if size > max_bytes:
        raise IngestError("too_large", f"The file is {size:,} bytes; the limit is {max_bytes:,} bytes.")
