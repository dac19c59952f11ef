"""s3engine: Smart Specialisation stress tests from stakeholder surveys and regional statistics."""

__version__ = "0.1.0"
