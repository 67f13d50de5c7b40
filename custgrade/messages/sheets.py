"""Messages about whole sheets, orders and measures: key -> (zh, en).

Every input sheet is used or named with the reason it was not, and a
sheet that nearly qualifies says which column it lacks and how to map it
by hand (列对应 in the 评级规则 sheet, ``[columns]`` in a rules file).
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- what became of each input sheet -----------------------------------------------------
    "sheet.used.customers": ("客户表", "customer sheet"),
    "sheet.used.orders": ("购买记录表", "orders sheet"),
    "sheet.used.interactions": ("互动记录表", "interactions sheet"),
    "sheet.used.rules": ("评级规则", "rules"),
    "sheet.used-line": (
        "工作表“{sheet}”：用作{kind}（表头在第 {header_row} 行，{rows} 行数据{layout}）",
        "Sheet “{sheet}”: used as the {kind} (header on row {header_row}, {rows} data rows"
        "{layout})",
    ),
    "sheet.rules-line": (
        "工作表“{sheet}”：用作评级规则",
        "Sheet “{sheet}”: used as the rules",
    ),
    "sheet.layout": ("，识别为{layout}", ", recognised as {layout}"),
    "sheet.unused-line": ("工作表“{sheet}”未使用：{reason}", "Sheet “{sheet}” not used: {reason}"),
    "sheet.empty": ("这个工作表是空的。", "the sheet is empty."),
    "sheet.unrecognised": (
        "表头（{columns}）中没有客户ID、姓名、电话或邮箱列，也不像购买或互动记录。"
        "如果这是要用的数据，请在评级规则的“列对应”中把列对应到字段（或在规则文件的 [columns] 中设置）。",
        "its header ({columns}) has no customer ID, name, phone or e-mail column and does not "
        "look like orders or interactions. If this data should be used, map its columns in the "
        "“Column mapping” section of the rules sheet (or [columns] in a rules file).",
    ),
    "sheet.orders-no-amount": (
        "看起来是购买记录，但找不到金额列（看到的列：{columns}）。"
        "请在评级规则的“列对应”中把金额所在的列对应到“金额”，例如 购买记录 | 钱 | 金额。",
        "it looks like orders but has no recognisable amount column (columns seen: {columns}). "
        "Map the amount column to “Amount” in the “Column mapping” section of the rules, "
        "e.g. orders | Money | amount.",
    ),
    "sheet.orders-no-buyer": (
        "看起来是购买记录，但找不到客户ID、买家账号、邮箱、电话或姓名列（看到的列：{columns}），"
        "无法知道是谁购买的。请在“列对应”中把买家列对应到“客户ID”。",
        "it looks like orders but has no customer ID, buyer account, e-mail, phone or name "
        "column (columns seen: {columns}), so the buyer is unknown. Map the buyer column to "
        "“Customer ID” in the “Column mapping” section of the rules.",
    ),
    "sheet.orders-no-date": (
        "看起来是购买记录，但找不到日期列（看到的列：{columns}）。请在“列对应”中把下单日期列对应到“购买日期”。",
        "it looks like orders but has no date column (columns seen: {columns}). Map the order "
        "date column to “Date” in the “Column mapping” section of the rules.",
    ),
    "sheet.interactions-no-type": (
        "看起来是互动记录，但找不到互动类型或满意度列（看到的列：{columns}）。"
        "请在“列对应”中把类型列对应到“互动类型”。",
        "it looks like interactions but has no interaction type or satisfaction column "
        "(columns seen: {columns}). Map the type column to “Type” in the “Column mapping” "
        "section of the rules.",
    ),
    "sheet.layout-incomplete": (
        "表头像是{layout}，但缺少必需的列（看到的列：{columns}）；请从平台重新导出完整的表格。",
        "its header looks like a {layout}, but a required column is missing (columns seen: "
        "{columns}); export the full table from the platform again.",
    ),
    "sheet.same-kind": (
        "已使用工作表“{other}”作为{kind}，每种表只用一个；如需一起评级，请把两表的数据放到同一个工作表。",
        "sheet “{other}” is already used as the {kind} and only one sheet of each kind is used; "
        "to grade both, put their rows into one sheet.",
    ),
    "sheet.derived": (
        "没有客户表：{customers} 位客户由购买记录中的买家推导（按买家账号，其次邮箱、电话，最后姓名+地址）。",
        "No customer sheet: {customers} customers were derived from the buyers of the orders "
        "(by buyer account, else e-mail, else phone, else name + address).",
    ),
    "cli.summary.ledger-derived": (
        "客户：由购买记录推导 {input} 位 = 已评级 {graded} + 已合并 {merged} + 已拒绝 {rejected}",
        "Customers derived from the orders: {input} = graded {graded} + merged {merged} + "
        "rejected {rejected}",
    ),
    # --- row issues of orders and dates ------------------------------------------------------
    "issue.order-no-buyer": (
        "这条购买记录没有买家账号、邮箱、电话或姓名，无法知道是谁购买的，已跳过。",
        "This order has no buyer account, e-mail, phone or name, so the buyer is unknown; "
        "it was skipped.",
    ),
    "issue.unknown-status": (
        "订单状态“{value}”不在已知状态词表中，已按有效订单计入（共 {target} 行）；"
        "如果它表示取消或退款，请在导出表中把它改为“已取消”或“已退款”后重新运行。",
        "Order status “{value}” is not a known status word and was counted as a purchase "
        "({target} rows); if it means cancelled or refunded, change it to “cancelled” or "
        "“refunded” in the export and run again.",
    ),
    "issue.after-as-of": (
        "有 {target} 行的日期晚于分析基准日（{value}），这些记录不计入本次评级；如需计入，请调整分析基准日。",
        "{target} rows are dated after the analysis date ({value}) and were left out of this "
        "grading; set a later analysis date to include them.",
    ),
    "issue.implausible-date": (
        "日期“{value}”远晚于表中其他日期（超过其余 99.9% 的日期一年以上），像是输入错误，"
        "该单元格已清空且不用于确定分析基准日；请改正日期。",
        "The date “{value}” lies far beyond the other dates (more than a year after 99.9 % of "
        "them) and looks like a typo; the cell was emptied and not used for the analysis "
        "date. Correct the date.",
    ),
    "issue.masked-phones": (
        "有 {target} 个电话号码是打码的（如 138****1234），已原样保留，但不用于识别重复客户。",
        "{target} phone numbers are masked (like 138****1234); they are kept as written but "
        "not used to find duplicate customers.",
    ),
    # --- run notes -----------------------------------------------------------------------------
    "note.as-of-from-registration": (
        "数据中没有购买或互动日期，分析基准日取最晚的注册日期 {as_of}。",
        "The data has no purchase or interaction dates; the analysis date is the latest "
        "registration date, {as_of}.",
    ),
    "note.no-purchase-data": (
        "数据中没有购买记录或购买汇总列，购买频率和消费金额无法评分。",
        "The data has no orders and no purchase columns, so purchase frequency and spending "
        "cannot be scored.",
    ),
    "note.beyond-sheet-rows": (
        "共 {customers} 位客户，超过 Excel 一个工作表最多容纳的 {limit} 行数据：{sheets}"
        "各分成 {parts} 个工作表，前 {limit} 位之后的客户接着写在“{sheet}”等工作表中。"
        "{overview}的统计包括所有工作表。",
        "{customers} customers are more than the {limit} data rows an Excel sheet holds: "
        "{sheets} each take {parts} sheets, the customers after the first {limit} continuing "
        "on “{sheet}” and the sheets after it. {overview} counts every sheet.",
    ),
    "note.problems-beyond-sheet-rows": (
        "问题数据共 {rows} 行，超过 Excel 一个工作表最多容纳的 {limit} 行，分成 {parts} 个工作表，"
        "前 {limit} 行之后接着写在“{sheet}”等工作表中。",
        "The problems take {rows} rows, more than the {limit} an Excel sheet holds: they take "
        "{parts} sheets, continuing on “{sheet}” and the sheets after it.",
    ),
    "note.dates-set-aside": (
        "{count} 个日期远晚于其余数据，已视为输入错误，列在“问题数据”中且不用于确定分析基准日。",
        "{count} dates lie far beyond the rest of the data; they were treated as typos, listed in "
        "the problems sheet and not used for the analysis date.",
    ),
}
