"""Messages about odd and hostile input files: key -> (zh, en).

A shared inbox receives whatever people drop into it: a folder, a text
file renamed .xlsx, a web page saved as .xls, a result of an earlier run,
a damaged or deliberately hostile zip.  Each gets its own diagnosis, so the
second line can say the one thing that fixes it.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "error.input-is-folder": (
        "输入的是一个文件夹，不是文件：{file}\n"
        "请指定文件夹里的一个工作簿（例如 {file}/客户导出.xlsx）；"
        "要自动处理整个文件夹，请使用 custgrade watch。",
        "The input is a folder, not a file: {file}\n"
        "Name one workbook inside it (for example {file}/customers.xlsx); "
        "to process a whole folder, use custgrade watch.",
    ),
    "error.text-not-workbook": (
        "这是一个文本文件，不是 Excel 工作簿：{file}\n如果它是 CSV，请把扩展名改为 .csv 后再试。",
        "This is a text file, not an Excel workbook: {file}\n"
        "If it is CSV, rename it to .csv and try again.",
    ),
    "error.html-as-xls": (
        "这是保存成 {ext} 的网页（HTML），不是 Excel 工作簿：{file}\n"
        "请在 Excel 中打开它，另存为 .xlsx 后再试。",
        "This is a web page (HTML) saved as {ext}, not an Excel workbook: {file}\n"
        "Open it in Excel, save it as .xlsx, and try again.",
    ),
    "error.xml-spreadsheet": (
        "这是 XML 表格（Excel 2003 XML）保存成的 {ext} 文件，不是 Excel 工作簿：{file}\n"
        "请在 Excel 中打开它，另存为 .xlsx 后再试。",
        "This is an XML spreadsheet (Excel 2003 XML) saved as {ext}, "
        "not an Excel workbook: {file}\nOpen it in Excel, save it as .xlsx, and try again.",
    ),
    "error.binary-not-csv": (
        "这个 .csv 文件里不是文本，而是二进制数据：{file}\n"
        "请确认选对了文件，或从原系统重新导出为 CSV 或 .xlsx 再试。",
        "This .csv file holds binary data, not text: {file}\n"
        "Check that it is the right file, or export it again as CSV or .xlsx and try again.",
    ),
    "error.graded-result": (
        "这是 custgrade 生成的评级结果（版本 {version}），不是客户表：{file}\n"
        "请对原始客户表运行，不要把评级结果再次评级。",
        "This is a graded result made by custgrade (version {version}), "
        "not a customer list: {file}\nRun it on the original customer spreadsheet, "
        "not on a graded result.",
    ),
    "error.package-too-large": (
        "文件解压后超过 {limit}，远大于任何真实的客户表，文件已损坏或是恶意构造的：{file}\n"
        "请从原系统重新导出；如果数据确实这么多，请拆分成几个文件再试。",
        "Unpacked, the file is larger than {limit}, far more than any real customer "
        "list; it is damaged or was built to do harm: {file}\n"
        "Export it again from the original system; if the data really is that large, "
        "split it into several files.",
    ),
    "error.too-many-cells": (
        "工作表“{sheet}”有 {cells} 个单元格，超过可处理的上限 {limit}：{file}\n"
        "请删除不需要的列，或把数据拆分成几个文件再试。",
        'Sheet "{sheet}" holds {cells} cells, more than the {limit} that can be processed: '
        "{file}\nDelete the columns you do not need, or split the data into several files.",
    ),
    "error.stray-cell": (
        "工作表“{sheet}”的单元格 {cell} 远离数据区域，使要读取的区域达到 {area} 个单元格，"
        "无法安全读取：{file}\n"
        "请在 Excel 中选中数据区域右侧和下方多余的行和列，删除后保存，再试。",
        'Cell {cell} of sheet "{sheet}" lies far outside the data and makes the area to read '
        "{area} cells, too large to read safely: {file}\n"
        "In Excel, select the extra rows and columns right of and below the data, "
        "delete them, save, and try again.",
    ),
    "error.reader-crashed": (
        "读取这个工作簿时读取程序异常终止（{signal}），文件可能已损坏：{file}\n"
        "请在 Excel 或 LibreOffice 中打开后另存为 .xlsx 再试。",
        "The reader stopped abnormally ({signal}) while reading this workbook; "
        "the file is probably damaged: {file}\n"
        "Open it in Excel or LibreOffice, save it as .xlsx, and try again.",
    ),
    "error.reader-out-of-memory": (
        "读取这个工作簿需要超过 {limit} 内存，文件已损坏或是恶意构造的：{file}\n"
        "请在 Excel 或 LibreOffice 中打开后只保留有数据的区域，另存为 .xlsx 再试。",
        "Reading this workbook needs more than {limit} of memory; it is damaged or "
        "was built to do harm: {file}\n"
        "Open it in Excel or LibreOffice, keep only the area with data, save it as .xlsx, "
        "and try again.",
    ),
    "error.reader-timeout": (
        "读取这个工作簿超过 {seconds} 秒仍未完成，已停止：{file}\n"
        "请在 Excel 或 LibreOffice 中打开后另存为 .xlsx 再试；数据很多时请拆分成几个文件。",
        "Reading this workbook took more than {seconds} s and was stopped: {file}\n"
        "Open it in Excel or LibreOffice and save it as .xlsx; if it holds a lot of data, "
        "split it into several files.",
    ),
    "issue.stray-cells": (
        "工作表在数据区域之外很远的单元格 {value} 有内容，已忽略这些单元格，只读取数据区域",
        "The sheet has content in cells {value} far outside the data area; "
        "those cells were ignored and only the data area was read",
    ),
}
