"""fazhi-report: one year's facts (YAML) → the annual 法治政府建设 report (.docx, GB/T 9704-2012)."""

__version__ = "0.1.0"
