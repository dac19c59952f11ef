"""Alembic migrations of the web survey's database (versions/, one module per revision).

A new revision: copy the newest module in versions/, give it the next `revision` and the
previous one as `down_revision`, write `upgrade()` (and `downgrade()`), and set HEAD below;
tests/test_web_storage.py checks that the migrated schema is schema.METADATA and that HEAD is
Alembic's head.
"""

#: The newest revision: the schema this version of s3engine reads and writes.
HEAD = "0002"
