"""Small questionnaires whose arithmetic is easy to follow by hand, and record builders."""

from __future__ import annotations

from vendorbench.models import Answer, Finding

SMALL_SCORECARD = """\
id = "small"
title = "Small scorecard"
version = "1"
kind = "scorecard"

[[categories]]
id = "a"
title = "Category A"
weight = 3

  [[categories.criteria]]
  id = "a.one"
  title = "A one"
  weight = 1
  guidance = "g"
  rubric = { "0" = "none", "3" = "some", "5" = "all" }

  [[categories.criteria]]
  id = "a.two"
  title = "A two (must-have)"
  weight = 3
  guidance = "g"
  knockout_below = 2
  rubric = { "0" = "none", "3" = "some", "5" = "all" }

[[categories]]
id = "b"
title = "Category B"
weight = 1

  [[categories.criteria]]
  id = "b.one"
  title = "B one"
  weight = 1
  guidance = "g"
  rubric = { "0" = "none", "3" = "some", "5" = "all" }
"""

SMALL_LEGAL = """\
id = "small-legal"
title = "Small checklist"
version = "1"
kind = "legal"

[[areas]]
id = "privacy"
title = "Privacy"

  [[areas.items]]
  id = "C1"
  requirement = "critical thing"
  source = "GDPR Art. 28(3)(a)"
  severity = "critical"
  red_flag = "as Vendor deems necessary"

  [[areas.items]]
  id = "H1"
  requirement = "high thing"
  source = "s"
  severity = "high"
  red_flag = "r"

  [[areas.items]]
  id = "H2"
  requirement = "another high thing"
  source = "s"
  severity = "high"
  red_flag = "r"

[[areas]]
id = "other"
title = "Other"

  [[areas.items]]
  id = "M1"
  requirement = "medium thing"
  source = "s"
  severity = "medium"
  red_flag = "r"

  [[areas.items]]
  id = "M2"
  requirement = "another medium thing"
  source = "s"
  severity = "medium"
  red_flag = "r"

  [[areas.items]]
  id = "L1"
  requirement = "low thing, only with card data"
  source = "s"
  severity = "low"
  red_flag = "r"
  applies_when = "card data"
"""


def ans(evaluator: str, vendor: str, criterion: str, value) -> Answer:
    return Answer(evaluator=evaluator, vendor_id=vendor, criterion=criterion, value=value)


def find(reviewer: str, vendor: str, item: str, status: str) -> Finding:
    return Finding(reviewer=reviewer, vendor_id=vendor, item=item, status=status)
