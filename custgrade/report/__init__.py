"""The output workbook: one module per sheet, written atomically by `write_workbook`."""

from custgrade.report.workbook import SHEETS, sheet_names, write_workbook

__all__ = ["SHEETS", "sheet_names", "write_workbook"]
