"""What monitoring reads: one module per concern (grantee, review, due, outcomes)."""
