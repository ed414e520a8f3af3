"""The grant panel's state changes, one module for each stage:

- screening: an application found eligible or not;
- assignment: panel members asked to review applications;
- reviewing: conflicts of interest declared, reviews saved, submitted and
  reopened;
- progress: what they share, the move between in review and reviewed as the
  reviews come in, and the panel's refusals (ReviewError).
"""
