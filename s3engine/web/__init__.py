"""The web survey (`s3engine serve`): respondents answer in their browser, from a link.

`app` is the Starlette application (pages, forms, the fieldwork monitor), `storage` the
database (SQLite or PostgreSQL, Alembic migrations in `migrations/`), `invitations` turns a
contact list into links, `exporting` writes the responses in s3engine's response format,
`monitor` counts the fieldwork, `server` runs it with uvicorn. What a respondent is asked,
what fits and what a change removes come from `survey.flow` and `questionnaire`, as in the
terminal. docs/web-survey.md describes it for analysts.
"""

from s3engine.web.app import create_app
from s3engine.web.monitor import fieldwork
from s3engine.web.storage import Store

__all__ = ["Store", "create_app", "fieldwork"]
