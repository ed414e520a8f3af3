"""A mail server that is down: settings.EMAIL_BACKEND =
"tests.support.mail.BrokenMailBackend"."""


class BrokenMailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused: the mail server is down")
