"""The ground floor: findings with their codes, message templates, limits and base models.

Nothing here reads a file, prints, or knows a later stage; every other package may use it.
"""

from s3engine.core.checks import CheckContext
from s3engine.core.findings import Finding, Report, S3Error, UsageError, suggest

__all__ = ["CheckContext", "Finding", "Report", "S3Error", "UsageError", "suggest"]
