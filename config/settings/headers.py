"""The response headers every environment sends: framing, referrer,
permissions and the Content Security Policies (base.py imports them all).
Nothing here differs between machines."""

# Django's SecurityMiddleware sends nosniff, Referrer-Policy and
# Cross-Origin-Opener-Policy; frames only from our own pages (Wagtail's
# preview panel frames the public page).
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Content Security Policy (django-csp; fund/security/csp.py). The public site
# runs no inline script or style at all. Wagtail 8's admin still writes a few
# inline scripts (date pickers, inline panels), so the admin's policy allows
# inline script and style but nothing from anywhere else.
_CSP_COMMON = {
    "default-src": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**_CSP_COMMON, "script-src": ["'self'"], "style-src": ["'self'"]},
}
FUND_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
    },
}
