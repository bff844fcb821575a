class IngestError(Exception):
    """Input that cannot become a document. `code` is stable for programs, the message is for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self):
        return self.message
