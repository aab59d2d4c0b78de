"""Reports for the ward chief and the provincial command: the daily report, the campaign
report, the pending lists and the consolidation of several stations' daily reports.

The modules here gather the figures as plain dataclasses (`data`), in SQL aggregates
(`counts`); `settings` keeps the agency, signer and recipients printed on every report;
`export` hands the data to the Excel and PDF writers of `desktop.reports`, writes the
file under a temporary name, renames it and records the export in the audit trail.
Nothing here imports Qt.
"""
