"""Plain-words lines about each input sheet, shared by the terminal summary and 运行信息."""

from __future__ import annotations

from custgrade.ingest.layouts import load_layouts
from custgrade.messages import text
from custgrade.result import SheetReport


def layout_label(name: str | None, lang: str) -> str:
    """The recognised layout's name in a language ("淘宝/天猫 订单导出"), "" when none."""
    if not name:
        return ""
    found = next((layout for layout in load_layouts() if layout.name == name), None)
    return found.label(lang) if found else name


def describe_sheet(report: SheetReport, lang: str) -> str:
    """“工作表“订单”：用作购买记录表（…）” or “工作表“备注”未使用：…”."""
    if report.used_as == "rules":
        return text("sheet.rules-line", lang, sheet=report.sheet)
    if report.used_as:
        label = layout_label(report.layout, lang)
        return text(
            "sheet.used-line",
            lang,
            sheet=report.sheet,
            kind=text(f"sheet.used.{report.used_as}", lang),
            header_row=report.header_row,
            rows=report.rows,
            layout=text("sheet.layout", lang, layout=label) if label else "",
        )
    return text("sheet.unused-line", lang, sheet=report.sheet, reason=unused_reason(report, lang))


def unused_reason(report: SheetReport, lang: str) -> str:
    """Why a sheet was not used, with what to do."""
    params = dict(report.params)
    if "kind" in params:
        params["kind"] = text(f"sheet.used.{params['kind']}", lang)
    if "layout" in params:
        params["layout"] = layout_label(str(params["layout"]), lang)
    return text(f"sheet.{report.reason or 'empty'}", lang, **params)
