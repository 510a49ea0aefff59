"""Decision analysis over the results: pure functions, no I/O.

- agreement: Krippendorff's alpha between evaluators, and the disagreements to calibrate
- sensitivity: how far category weights can move before the leader changes; rank acceptability
- sla: balanced-SLA rules over each vendor's proposed terms
- tco: total cost of ownership per vendor, and the cost-only guard
- terms: validation of SLA terms and TCO inputs (shared)

results.compute() calls these; the CLI, the TUI and the report read their output
from the one results document.
"""
