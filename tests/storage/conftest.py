"""tests/storage runs on the fixtures of tests/conftest.py: ``s3_storage``
(private files in a bucket of the test's own on moto's S3 server) and
``bucket`` (that bucket as an operator sees it with boto3)."""
