"""`python -m s3engine` runs the command-line interface."""

from s3engine.cli.main import entry_point

entry_point()
