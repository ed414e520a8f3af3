"""Site-wide protections: the Content Security Policy and other response
headers, staff session time-outs and two-factor authentication. The sign-in
throttle is django-axes, configured in settings."""
