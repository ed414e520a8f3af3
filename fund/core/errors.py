class ServiceError(Exception):
    """An action the rules refuse, with a message that tells the person why
    and what to do next. ``errors`` maps form field names to messages."""

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
