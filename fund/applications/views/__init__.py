"""The applicant's pages on the public site, by what the applicant does:
fill in the form and send it (``apply``), and come back through a private
link (``links``). The status page, which shows the award too, is the awards
domain's (fund/awards/views/status.py). Thin: each view parses, calls a
service and renders."""
