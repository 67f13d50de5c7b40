"""Messages of the ingest area: key -> (zh, en).

Fatal errors name the file and say what to do; the row issues raised while
reading (ragged CSV rows, total rows, duplicate headers) explain what was
done with the row, since the row itself is kept or set aside, never lost.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "error.file-not-found": (
        "找不到输入文件：{file}\n请检查文件名和所在文件夹是否正确（文件夹不能作为输入）。",
        "Input file not found: {file}\n"
        "Check the file name and its folder (a folder cannot be used as input).",
    ),
    "error.empty-file": (
        "文件是空的（0 字节）：{file}\n请重新导出或重新保存这个工作簿，确认里面有数据后再试。",
        "The file is empty (0 bytes): {file}\n"
        "Export or save the workbook again, make sure it holds data, and try again.",
    ),
    "error.unsupported-format": (
        "不支持这种文件类型（{ext}）：{file}\n请在 Excel 中另存为以下格式之一后再试：{formats}。",
        "This file type ({ext}) is not supported: {file}\n"
        "Save it in Excel as one of these formats and try again: {formats}.",
    ),
    "error.lock-file": (
        "这是 Excel 或 LibreOffice 打开文件时生成的临时锁定文件，不是工作簿：{file}\n"
        "请使用原始工作簿（文件名不带 ~$ 或 .~lock. 前缀）。",
        "This is a temporary lock file made by Excel or LibreOffice, not a workbook: {file}\n"
        "Use the original workbook (the name without the ~$ or .~lock. prefix).",
    ),
    "error.encrypted": (
        "工作簿设有打开密码（已加密），无法读取：{file}\n"
        "请在 Excel 中打开它，点击 文件 → 信息 → 保护工作簿 → 用密码进行加密，"
        "清空密码并保存，然后再试。",
        "The workbook is password-protected (encrypted) and cannot be read: {file}\n"
        "Open it in Excel, choose File → Info → Protect Workbook → Encrypt with Password, "
        "clear the password, save, and try again.",
    ),
    "error.damaged": (
        "文件已损坏或不完整，无法读取：{file}\n"
        "请从原系统重新导出，或在 Excel 中打开后另存为 .xlsx 再试。",
        "The file is damaged or incomplete and cannot be read: {file}\n"
        "Export it again from the original system, or open it in Excel and save it as .xlsx, "
        "then try again.",
    ),
    "error.not-a-spreadsheet": (
        "文件名是 Excel 文件，但内容不是 Excel 工作簿：{file}\n"
        "请确认选对了文件；如果它是从网页或其他系统导出的，请在 Excel 中打开后另存为 .xlsx 再试。",
        "The file has an Excel name but its content is not an Excel workbook: {file}\n"
        "Check that it is the right file; if it was exported from a website or another system, "
        "open it in Excel and save it as .xlsx, then try again.",
    ),
    "error.too-old-format": (
        "这是 Excel 4.0 或更早版本的旧格式，无法读取：{file}\n"
        "请在 Excel 或 LibreOffice 中打开后另存为 .xlsx 再试。",
        "This is an Excel 4.0 (or older) workbook, a format too old to read: {file}\n"
        "Open it in Excel or LibreOffice, save it as .xlsx, and try again.",
    ),
    "error.sheet-too-large": (
        "工作表声明的单元格数量超出 Excel 的上限，文件可能已损坏：{file}\n"
        "请在 Excel 或 LibreOffice 中打开后只保留有数据的区域，另存为 .xlsx 再试。",
        "A sheet declares more cells than Excel allows; the file is probably damaged: {file}\n"
        "Open it in Excel or LibreOffice, keep only the area with data, save it as .xlsx, "
        "and try again.",
    ),
    "error.unknown-encoding": (
        "无法识别 CSV 文件的文字编码（既不是 UTF-8 也不是 GBK/GB18030）：{file}\n"
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 再试。",
        "The text encoding of the CSV file is not recognised (neither UTF-8 nor GBK/GB18030): "
        '{file}\nSave it in Excel as "CSV UTF-8 (Comma delimited)" or as .xlsx, and try again.',
    ),
    "error.no-data": (
        "文件里没有任何数据：{file}\n请确认选对了文件，并且客户数据已经填写在工作表中。",
        "The file holds no data at all: {file}\n"
        "Check that it is the right file and that the customer data is filled in.",
    ),
    "error.no-customer-sheet": (
        "{file} 中没有找到客户表：没有哪个工作表有客户ID列或客户姓名列。"
        "看到的工作表和表头：{seen}\n"
        "请把客户ID列的表头改为 {accepted_id} 之一，"
        "或把姓名列的表头改为 {accepted_name} 之一，然后再试。",
        "No customer sheet found in {file}: no sheet has a customer ID or customer name column. "
        "Sheets and headers seen: {seen}\n"
        "Rename the ID column's header to one of {accepted_id}, "
        "or the name column's header to one of {accepted_name}, and try again.",
    ),
    "error.no-customer-rows": (
        "{file} 的客户表“{sheet}”只有表头，没有客户数据行。\n请在表头下方填写客户数据后再试。",
        'The customer sheet "{sheet}" of {file} has a header but no customer rows.\n'
        "Fill in the customer data below the header and try again.",
    ),
    "issue.ragged-row": (
        "这一行的字段个数与表头不一致：缺少的单元格按空白处理，多出的值保留在没有表头的列中",
        "This row has a different number of fields than the header: missing cells are "
        "treated as empty, extra values are kept in columns without a header",
    ),
    "issue.total-row": (
        "这是合计/小计行，不是客户或记录，已跳过（不计入输入行数）",
        "This is a total or subtotal row, not a customer or a record; it was skipped "
        "(not counted as an input row)",
    ),
    "issue.duplicate-header": (
        "表头与前面的列重名：这一列原样保留，列名后加了序号",
        "This header repeats an earlier column's header: the column is kept, "
        "with a number added to its name",
    ),
    "ingest.unnamed-column": ("列{letter}", "Column {letter}"),
}
