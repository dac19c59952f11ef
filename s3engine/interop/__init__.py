"""Interoperability with the survey tools regions already run, and with statistics packages.

Questionnaires go out as an XLSForm (KoboToolbox, ODK Central) or a LimeSurvey survey
structure; the responses collected there come back as ordinary response files, checked by
the rules every other way of answering goes through; responses go out to SPSS, Stata and
CSV for statisticians. docs/interop.md describes each tool, its export settings and what
maps to what.
"""
