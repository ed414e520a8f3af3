"""Response headers that Django and the libraries we use do not send."""


class CrossOriginResourcePolicyMiddleware:
    """No other site may embed our responses (pages, documents, letters) in
    its own: ``Cross-Origin-Resource-Policy: same-origin``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
