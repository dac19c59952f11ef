"""Action plans: the recommendation catalogue, priorities and evidence per region, and the
joint transnational plan.

`recommend.build_plan` is pure (scores, needs and catalogue -> Plan); `files.plan_files` is
the edge that reads the files, scores and plans.
"""

from s3engine.plan.catalogue_checks import load_catalogue
from s3engine.plan.files import PlanRequest, plan_files
from s3engine.plan.model import Plan
from s3engine.plan.recommend import build_plan

__all__ = ["Plan", "PlanRequest", "build_plan", "load_catalogue", "plan_files"]
