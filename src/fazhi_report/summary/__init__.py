"""Adding up many units' facts files: the county summary's figures, and a county report's roll-up.

- :mod:`.collect` reads the units (a broken file is a row with its error, never a stop);
- :mod:`.totals` and :mod:`.compute` make the columns, 合计 and 同比 from the parsed figures.

``fazhi-report summary`` (:mod:`fazhi_report.commands.summary`) writes the result through
:mod:`fazhi_report.writers.summary`; a county's ``汇总`` (:mod:`fazhi_report.rollup`) refers to it.
"""
