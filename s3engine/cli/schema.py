"""`s3engine schema KIND`: print the JSON Schema of a file format."""

from __future__ import annotations

import argparse
from typing import Any

#: Format name -> "module:ModelClass"; later formats add themselves here.
FORMATS = {
    "questionnaire": "s3engine.questionnaire.model:Questionnaire",
    "response": "s3engine.responses.model:Response",
    "model": "s3engine.scoring.model:ScoringModel",
    "result": "s3engine.scoring.results:ScoreResult",
    "catalogue": "s3engine.plan.catalogue:Catalogue",
    "plan": "s3engine.plan.model:Plan",
    "answers": "s3engine.survey.script:AnswersFile",
    "targets": "s3engine.scoring.targets:Targets",
    "comparison": "s3engine.scoring.comparison:Comparison",
}

DESCRIPTION = """\
Print the JSON Schema of an s3engine file format, for editors that validate and complete
YAML (for example the YAML extension of VS Code with a `# yaml-language-server: $schema=`
line).

examples:
  s3engine schema questionnaire > questionnaire.schema.json
  s3engine schema response
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of a file format",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "format",
        choices=sorted(FORMATS),
        metavar="FORMAT",
        help=f"one of: {', '.join(sorted(FORMATS))}",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import importlib
    import json

    module, _, name = FORMATS[args.format].partition(":")
    model = getattr(importlib.import_module(module), name)
    schema = model.model_json_schema(by_alias=True)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"s3engine {args.format}",
        **{k: v for k, v in schema.items() if k != "title"},
    }
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0
