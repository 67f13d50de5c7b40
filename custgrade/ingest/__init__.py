"""Reading input files: formats, header detection and sheet recognition."""

from custgrade.ingest.reader import read_workbook
from custgrade.ingest.tables import InputWorkbook, SheetTable

__all__ = ["InputWorkbook", "SheetTable", "read_workbook"]
