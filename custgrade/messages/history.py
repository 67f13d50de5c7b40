"""Messages of tier history: key -> (zh, en).

Reading a previous result, the notes a run gives about the comparison,
the columns added to 等级信息, the migration matrix on 概览 and the sheet
of customers who are no longer in the data.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # the option of ``custgrade run`` that names the previous result
    "cli.help.run.previous": (
        "上次的评级结果（*_评级.xlsx），用来比较等级变化：升级、降级、新增、不变及原因。"
        "默认：输出文件已存在时，替换前先读取它作为上次结果。",
        "A previous graded result (*_graded.xlsx) to compare the tiers with: up, down, new, "
        "unchanged, and why. Default: when the output file already exists, it is read as the "
        "previous result before it is replaced.",
    ),
    # fatal errors: the previous result was named explicitly (--previous / previous=)
    "error.previous-missing": (
        "找不到上次的评级结果：{file}\n请检查 --previous 后面的路径，它应指向上次运行生成的 *_评级.xlsx 文件。",
        "The previous result does not exist: {file}\n"
        "Check the path after --previous: it should name the *_graded.xlsx file of an earlier run.",
    ),
    "error.previous-unreadable": (
        "无法读取上次的评级结果 {file}（{detail}）\n"
        "请确认它是 custgrade 生成的 .xlsx 文件且未在 Excel 中打开；必要时重新运行上次的评级。",
        "Cannot read the previous result {file} ({detail})\n"
        "Check that it is an .xlsx file made by custgrade and not open in Excel; "
        "if need be, grade the earlier data again.",
    ),
    "error.previous-not-result": (
        "{file} 不是 custgrade 生成的评级结果（没有带版本号的“运行信息”工作表），无法与上次比较\n"
        "请用 --previous 指定上次运行生成的 *_评级.xlsx 文件，而不是原始客户表。",
        "{file} is not a graded result made by custgrade (it has no 'Run info' sheet with a "
        "version), so there is nothing to compare with\n"
        "Name the *_graded.xlsx file of an earlier run with --previous, not a customer list.",
    ),
    "error.previous-incomplete": (
        "上次的评级结果 {file} 缺少“{sheet}”工作表或其中的“{column}”列，无法与上次比较\n"
        "请使用未经删改的评级结果；如果工作表或列被改名或删除，请恢复原样或重新生成。",
        "The previous result {file} lacks the sheet '{sheet}' or its column '{column}', "
        "so there is nothing to compare with\n"
        "Use the graded result as custgrade wrote it; restore a renamed or deleted sheet or "
        "column, or grade the earlier data again.",
    ),
    "error.previous-no-values": (
        "上次的评级结果 {file} 中“等级名称”的公式没有计算结果（它被不计算公式的程序另存过）\n"
        "请在 Excel 或 WPS 中打开并保存一次，再重新运行。",
        "The tier formulas of the previous result {file} have no computed values (it was saved "
        "by a program that does not calculate)\n"
        "Open it in Excel or WPS, save it once, and run again.",
    ),
    # notes of the run
    "note.history-compared": (
        "与上次结果 {file}（分析基准日 {as_of}）比较：升级 {up}，降级 {down}，新增 {new}，"
        "不变 {same}，已消失 {gone}",
        "Compared with the previous result {file} (analysis date {as_of}): {up} up, "
        "{down} down, {new} new, {same} unchanged, {gone} gone",
    ),
    "note.history-automatic": (
        "输出文件 {file} 已存在：替换之前已读取其中的上次结果，用于比较等级变化",
        "The output file {file} already existed: its previous result was read before being "
        "replaced, to show the tier changes",
    ),
    "note.history-unreadable": (
        "输出文件 {file} 已存在，但不能作为上次结果读取（{reason}），本次不显示等级变化；"
        "该文件已被新结果替换",
        "The output file {file} already existed but could not be read as a previous result "
        "({reason}), so no tier changes are shown; it has been replaced by the new result",
    ),
    # 等级信息 columns
    "history.col.previous_tier": ("上次等级", "Previous tier"),
    "history.col.change": ("等级变化", "Tier change"),
    "history.col.reason": ("变化原因", "Reason for the change"),
    "history.change.up": ("升级", "Up"),
    "history.change.down": ("降级", "Down"),
    "history.change.new": ("新增", "New"),
    "history.change.same": ("不变", "Unchanged"),
    "history.reason.dimension": (
        "{dimension}评分 {delta}（{before} → {after}）",
        "{dimension} score {delta} ({before} → {after})",
    ),
    "history.reason.total": (
        "总评分 {before} → {after}（分界值或权重有变化）",
        "Total score {before} → {after} (cut-offs or weights changed)",
    ),
    "history.reason.new": ("上次结果中没有该客户", "Not in the previous result"),
    # 概览: the migration matrix
    "history.migration.title": ("等级迁移（上次 → 本次）", "Tier migration (previous → now)"),
    "history.migration.source": (
        "上次结果：{file}，分析基准日 {as_of}",
        "Previous result: {file}, analysis date {as_of}",
    ),
    "history.migration.corner": ("上次等级 ＼ 本次等级", "Previous tier \\ current tier"),
    "history.migration.new": ("新增客户", "New customers"),
    "history.migration.gone": ("已消失", "Gone"),
    "history.migration.total": ("合计", "Total"),
    "history.migration.gone_hint": (
        "已消失的客户（上次有、本次数据中没有）列在“{sheet}”工作表",
        "Customers who are gone (in the previous result, not in this data) are listed on "
        "the '{sheet}' sheet",
    ),
    # the sheet of customers who are gone
    "history.sheet.gone": ("已消失客户", "Gone customers"),
    "history.col.previous_score": ("上次总评分", "Previous total score"),
    "history.col.previous_ids": ("上次合并的客户ID", "Previously merged customer IDs"),
    "history.unknown": ("（未知）", "(unknown)"),
}
