"""Messages of the core stages and the CLI: key -> (zh, en).

Issue reasons (``issue.<code>``) may use the placeholders of an issues-table
row: {sheet}, {row}, {column}, {letter}, {value}, {target}.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- row issues: why a row or a cell could not be used -----------------------------------
    "issue.no-id-or-name": (
        "这一行没有客户ID、姓名、电话或邮箱，无法识别是哪位客户，已跳过；请补上其中一项后重新运行。",
        "This row has no customer ID, name, phone or e-mail, so it cannot be matched to a "
        "customer and was skipped; add one of them and run again.",
    ),
    "issue.order-no-customer": (
        "这条购买记录没有客户ID、邮箱、电话或姓名，无法归到任何客户，已跳过；请补上客户ID。",
        "This order has no customer ID, e-mail, phone or name and cannot be attached to a "
        "customer; it was skipped. Add the customer ID.",
    ),
    "issue.order-unknown-customer": (
        "客户ID“{value}”不在客户表中，这条购买记录无法归属，已跳过；请检查客户ID是否写错，或把该客户加入客户表。",
        "Customer ID “{value}” is not in the customer sheet, so this order was skipped; check the "
        "ID for typos or add the customer to the customer sheet.",
    ),
    "issue.order-no-amount": (
        "这条购买记录没有可用的金额（也没有数量×单价），已跳过；请填写金额。",
        "This order has no usable amount (nor quantity × unit price) and was skipped; fill in the "
        "amount.",
    ),
    "issue.order-no-date": (
        "这条购买记录没有可用的日期，无法判断是否在分析期内，已跳过；请填写购买日期。",
        "This order has no usable date, so it cannot be placed in the analysis window; it was "
        "skipped. Fill in the purchase date.",
    ),
    "issue.interaction-no-customer": (
        "这条互动记录没有客户ID，已跳过；请补上客户ID。",
        "This interaction has no customer ID and was skipped; add the customer ID.",
    ),
    "issue.interaction-unknown-customer": (
        "客户ID“{value}”不在客户表中，这条互动记录已跳过；请检查客户ID是否写错。",
        "Customer ID “{value}” is not in the customer sheet, so this interaction was skipped; "
        "check the ID for typos.",
    ),
    "issue.interaction-no-date": (
        "这条互动记录没有可用的日期，已跳过；请填写互动日期。",
        "This interaction has no usable date and was skipped; fill in the date.",
    ),
    "issue.invalid-phone": (
        "“{value}”不是有效的电话号码，该单元格已清空，客户其余信息照常使用；请改为 11 位手机号或带区号的座机号。",
        "“{value}” is not a valid phone number; the cell was emptied and the rest of the row used. "
        "Use an 11-digit mobile number or a landline with its area code.",
    ),
    "issue.invalid-email": (
        "“{value}”不是有效的电子邮箱，该单元格已清空；邮箱应形如 name@example.com。",
        "“{value}” is not a valid e-mail address; the cell was emptied. An address looks like "
        "name@example.com.",
    ),
    "issue.invalid-date": (
        "“{value}”无法识别为日期（或超出 1900–2100 年），该单元格已清空；请写成 2024-10-04 这样的日期。",
        "“{value}” is not a date (or lies outside 1900–2100); the cell was emptied. Write dates "
        "like 2024-10-04.",
    ),
    "issue.invalid-amount": (
        "“{value}”无法识别为金额，该单元格已清空；请只填数字，如 1280 或 ¥1,280.00。",
        "“{value}” is not an amount; the cell was emptied. Enter a number such as 1280 or "
        "¥1,280.00.",
    ),
    "issue.invalid-number": (
        "“{value}”不是有效的数字，该单元格已清空；请只填数字。",
        "“{value}” is not a number; the cell was emptied. Enter a number only.",
    ),
    "issue.invalid-gender": (
        "“{value}”无法识别为性别，该单元格已清空；请填“男”或“女”。",
        "“{value}” is not a recognised gender; the cell was emptied. Use 男/女 (M/F).",
    ),
    "issue.out-of-range": (
        "“{value}”超出了合理范围（如年龄应在 0–120 之间、次数不能为负），该单元格已清空；请核对后修改。",
        "“{value}” is outside the sensible range (age 0–120, counts not negative …); the cell was "
        "emptied. Check and correct it.",
    ),
    "issue.merged-duplicate": (
        "与客户“{target}”是同一客户（客户ID、电话、邮箱或姓名+地址相同），已合并：各字段保留最新的非空值，购买与互动记录合并计算。",
        "Same customer as “{target}” (same ID, phone, e-mail, or name and address); merged: the "
        "newest non-empty value of each field is kept, orders and interactions are combined.",
    ),
    # --- notes about the run -----------------------------------------------------------------
    "note.nothing-to-measure": (
        "数据中既没有购买/互动记录，也没有购买次数、消费总额、最近购买日期等汇总列，所有客户总评分均为 0；请加入购买记录工作表或这些列。",
        "The data has neither orders/interactions nor summary columns such as purchases, total spent "
        "or last purchase date, so every total score is 0; add an orders sheet or those columns.",
    ),
    "note.as-of-today": (
        "数据中没有任何日期，分析基准日取运行当天；建议用 --as-of 指定。",
        "The data holds no dates, so the as-of date is the day of the run; consider --as-of.",
    ),
    "note.as-of-from-data": (
        "分析基准日取数据中的最后日期 {as_of}。",
        "The as-of date is the last date in the data, {as_of}.",
    ),
    # --- fatal errors of the core ------------------------------------------------------------
    "error.internal": (
        "custgrade 内部出错：{detail}\n这是程序缺陷，不是您的数据问题；请用 --debug 重新运行并把输出发给我们。",
        "custgrade hit an internal error: {detail}\nThis is a bug, not a problem with your data; "
        "run again with --debug and send us the output.",
    ),
    "error.output-not-xlsx": (
        "输出文件“{file}”不是 .xlsx 文件。\n请用 -o 指定以 .xlsx 结尾的文件名。",
        "The output file “{file}” is not an .xlsx file.\nGive -o a file name ending in .xlsx.",
    ),
    "error.as-of-invalid": (
        "分析基准日“{value}”不是有效日期。\n请写成 2025-06-30 这样的格式。",
        "The as-of date “{value}” is not a valid date.\nWrite it like 2025-06-30.",
    ),
    # --- CLI summary ---------------------------------------------------------------------------
    "cli.summary.title": ("评级完成", "Grading finished"),
    "cli.summary.as_of": (
        "分析基准日：{as_of}（窗口 {start} 至 {as_of}）",
        "As of {as_of} (window {start} to {as_of})",
    ),
    "cli.summary.tier": (
        "{icon} {tier}：{count} 位（{share}）",
        "{icon} {tier}: {count} ({share})",
    ),
    "cli.summary.ledger": (
        "客户行：输入 {input} = 已评级 {graded} + 已合并 {merged} + 已拒绝 {rejected}",
        "Customer rows: input {input} = graded {graded} + merged {merged} + rejected {rejected}",
    ),
    "cli.summary.orders": (
        "购买记录：{rows} 行 = 已使用 {used} + 已拒绝 {rejected}",
        "Orders: {rows} rows = used {used} + rejected {rejected}",
    ),
    "cli.summary.interactions": (
        "互动记录：{rows} 行 = 已使用 {used} + 已拒绝 {rejected}",
        "Interactions: {rows} rows = used {used} + rejected {rejected}",
    ),
    "cli.summary.issues": (
        "问题数据：{count} 条，见“问题数据”工作表",
        "Problems: {count}, see the “Problems” sheet",
    ),
    "cli.summary.note": ("提示：{note}", "Note: {note}"),
    "dimension.frequency": ("购买频率", "purchase frequency"),
    "dimension.amount": ("消费金额", "spending"),
    "dimension.activity": ("活跃程度", "activity"),
    "dimension.interaction": ("互动情况", "interaction"),
    "cli.summary.rules": ("评级规则：{source}", "Rules: {source}"),
    "cli.summary.output": ("结果已写入：{path}", "Written to: {path}"),
    "cli.progress.read": ("读取工作簿", "Reading workbook"),
    "cli.progress.clean": ("校验与清洗", "Validating and cleaning"),
    "cli.progress.score": ("评分与分级", "Scoring and grading"),
    "cli.progress.write": ("写入结果", "Writing result"),
    "cli.error.prefix": ("错误", "Error"),
}
