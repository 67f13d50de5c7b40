"""Messages of the rules area: key -> (zh, en).

``error.rules-*`` are the fatal rule errors; ``{where}`` is the place the
user must look at: a cell such as ``评级规则!C5`` or a key path such as
``rules.toml › dimensions.amount.weight``.  ``rules.*`` are the labels and
explanations of the 评级规则 sheet, ``template.*`` the texts of the input
template.
"""

_FIX_WEIGHTS = "请修改权重，使四个维度合计为 100（例如 30、40、15、15）"
_FIX_WEIGHTS_EN = (
    "Change the weights so that the four dimensions add up to 100 (e.g. 30, 40, 15, 15)"
)

_ERRORS: dict[str, tuple[str, str]] = {
    "error.rules-unknown-suffix": (
        "无法识别规则文件 {file} 的类型\n请使用 .toml、.yaml、.yml 或 .xlsx 格式的规则文件",
        "The rules file {file} is of an unknown type\n"
        "Use a rules file ending in .toml, .yaml, .yml or .xlsx",
    ),
    "error.rules-file-unreadable": (
        "无法读取规则文件 {file}（{detail}）\n请确认文件存在、没有被其他程序占用，然后重试",
        "The rules file {file} cannot be read ({detail})\n"
        "Check that the file exists and is not open in another program, then try again",
    ),
    "error.rules-syntax": (
        "规则文件 {file} 第 {line} 行格式有误（{detail}）\n"
        "请检查这一行的引号、等号、冒号和括号是否成对、是否完整",
        "The rules file {file} has a syntax error on line {line} ({detail})\n"
        "Check the quotes, equals signs, colons and brackets on that line",
    ),
    "error.rules-not-a-table": (
        "规则文件 {file} 的内容不是“名称 = 值”形式的设置\n"
        "请参照说明文档中的示例规则文件，按 dimensions / tiers / window_days 等项填写",
        "The rules file {file} does not hold settings of the form name = value\n"
        "Follow the example rules file in the documentation (dimensions, tiers, window_days ...)",
    ),
    "error.rules-sheet-empty": (
        "工作表“{sheet}”中没有找到评级规则表格\n"
        "请按 评级规则.xlsx 模板的格式填写：“维度”“等级名称”“设置”三个表格，各带表头行",
        "No rules table was found on the sheet '{sheet}'\n"
        "Use the layout of the rules template: the Dimension, Tier and Setting tables, "
        "each with its header row",
    ),
    "error.rules-missing-column": (
        "{where}：这个表格缺少“{column}”列\n请补上这一列的表头和内容（可参照 评级规则.xlsx 模板）",
        "{where}: this table has no '{column}' column\n"
        "Add that column's header and values (see the rules template)",
    ),
    "error.rules-unknown-key": (
        "{where}：无法识别的设置项“{setting}”\n请检查拼写；这里可用的设置项有：{allowed}",
        "{where}: unknown setting '{setting}'\nCheck the spelling; the settings allowed here are: {allowed}",
    ),
    "error.rules-unknown-key-suggest": (
        "{where}：无法识别的设置项“{setting}”，是不是想写“{suggestion}”？\n"
        "请改正拼写；这里可用的设置项有：{allowed}",
        "{where}: unknown setting '{setting}', did you mean '{suggestion}'?\n"
        "Correct the spelling; the settings allowed here are: {allowed}",
    ),
    "error.rules-missing-value": (
        "{where}：缺少“{setting}”\n请填写这一项",
        "{where}: '{setting}' is missing\nFill it in",
    ),
    "error.rules-unknown-dimension": (
        "{where}：未知的评分维度“{value}”\n维度只能是 购买频率、消费金额、活跃程度、互动情况"
        "（frequency、amount、activity、interaction）",
        "{where}: unknown scoring dimension '{value}'\nThe dimensions are frequency, amount, "
        "activity and interaction (购买频率、消费金额、活跃程度、互动情况)",
    ),
    "error.rules-duplicate-dimension": (
        "{where}：维度“{value}”出现了不止一次\n请删除重复的这一行",
        "{where}: the dimension '{value}' appears more than once\nDelete the repeated row",
    ),
    "error.rules-weights-sum": (
        "{where}：四个维度的权重合计为 {total}%，而不是 100%\n" + _FIX_WEIGHTS,
        "{where}: the weights of the four dimensions add up to {total}%, not 100%\n"
        + _FIX_WEIGHTS_EN,
    ),
    "error.rules-weight-blank": (
        "{where}：权重没有填写\n请填写 0 到 100 之间的权重；不计入总评分的维度请填 0",
        "{where}: the weight is empty\n"
        "Enter a weight from 0 to 100; enter 0 for a dimension that should not count",
    ),
    "error.rules-missing-dimension": (
        "{where}：缺少评分维度 {value}\n请把四个维度（frequency、amount、activity、interaction）都写上权重",
        "{where}: the scoring dimension {value} is missing\n"
        "Give all four dimensions (frequency, amount, activity, interaction) a weight",
    ),
    "error.rules-weight-range": (
        "{where}：权重 {value} 超出 0–100 的范围\n" + _FIX_WEIGHTS,
        "{where}: the weight {value} is outside the range 0–100\n" + _FIX_WEIGHTS_EN,
    ),
    "error.rules-not-a-number": (
        "{where}：“{value}”不是数字\n请填写一个数字，例如 30",
        "{where}: '{value}' is not a number\nEnter a number, e.g. 30",
    ),
    "error.rules-unknown-method": (
        "{where}：未知的评分方法“{value}”\n请选择 百分位排名、五档分位 或 固定阈值"
        "（percentile、bands、thresholds）",
        "{where}: unknown scoring method '{value}'\nChoose Percentile rank, Five bands or "
        "Fixed thresholds (percentile, bands, thresholds)",
    ),
    "error.rules-thresholds-missing": (
        "{where}：评分方法是“固定阈值”，但没有填写阈值\n"
        "请在“固定阈值”中填写阈值，例如“购买次数: 2, 4, 8, 12”，或改用其他评分方法",
        "{where}: the scoring method is fixed thresholds, but no thresholds are given\n"
        "Enter thresholds, e.g. 'Purchases: 2, 4, 8, 12', or choose another scoring method",
    ),
    "error.rules-thresholds-syntax": (
        "{where}：无法读取固定阈值“{value}”\n"
        "请按“指标: 数值, 数值”的格式填写，例如“购买次数: 2, 4, 8, 12”，多个指标用分号隔开",
        "{where}: the thresholds '{value}' cannot be read\n"
        "Write them as 'measure: number, number', e.g. 'Purchases: 2, 4, 8, 12'; "
        "separate several measures with semicolons",
    ),
    "error.rules-unknown-measure": (
        "{where}：这个维度没有指标“{value}”\n这个维度的指标有：{allowed:zh}",
        "{where}: this dimension has no measure '{value}'\nIts measures are: {allowed:en}",
    ),
    "error.rules-thresholds-empty": (
        "{where}：没有填写任何阈值\n请至少填写一个阈值，或删除这个指标",
        "{where}: no threshold is given\nEnter at least one threshold, or remove this measure",
    ),
    "error.rules-thresholds-ascending": (
        "{where}：阈值 {value} 没有从小到大排列\n请按从小到大的顺序填写，且不要重复，例如 2, 4, 8, 12",
        "{where}: the thresholds {value} are not in ascending order\n"
        "List them from smallest to largest without repeats, e.g. 2, 4, 8, 12",
    ),
    "error.rules-thresholds-descending": (
        "{where}：天数阈值 {value} 没有从大到小排列\n"
        "天数越少越好，请按从大到小的顺序填写，且不要重复，例如 180, 90, 30, 7",
        "{where}: the day thresholds {value} are not in descending order\n"
        "Fewer days is better: list them from largest to smallest without repeats, "
        "e.g. 180, 90, 30, 7",
    ),
    "error.rules-no-tiers": (
        "{where}：没有任何等级\n请至少设置一个等级，最低一级的最低总评分为 0",
        "{where}: there are no tiers\nSet at least one tier; the lowest must start at 0",
    ),
    "error.rules-tier-duplicate": (
        "{where}：等级名称“{name}”出现了不止一次\n请给每个等级起不同的名称",
        "{where}: the tier name '{name}' is used more than once\nGive every tier its own name",
    ),
    "error.rules-tier-overlap": (
        "{where}：等级“{first}”和“{second}”的最低总评分都是 {value}，两个等级重叠\n"
        "请为每个等级设置不同的最低总评分",
        "{where}: the tiers '{first}' and '{second}' both start at {value}, so they overlap\n"
        "Give every tier a different minimum score",
    ),
    "error.rules-tier-order": (
        "{where}：等级“{name}”的最低总评分 {value} 高于排在它上面的“{above}”（{above_value}），"
        "等级没有按从高到低排列\n"
        "请按最低总评分从高到低排列等级（最高的等级写在最上面），或改正这个分数",
        "{where}: the minimum score {value} of the tier '{name}' is above that of '{above}' "
        "({above_value}), listed before it: the tiers are not in order\n"
        "List the tiers from the highest minimum score down (the top tier first), "
        "or correct this score",
    ),
    "error.rules-tier-gap": (
        "{where}：最低的等级“{name}”从 {value} 分开始，低于 {value} 分的客户将没有等级\n"
        "请把最低一级的最低总评分改为 0",
        "{where}: the lowest tier '{name}' starts at {value}, so customers scoring below "
        "{value} would have no tier\nSet the minimum score of the lowest tier to 0",
    ),
    "error.rules-tier-score-range": (
        "{where}：等级“{name}”的最低总评分 {value} 超出 0–100 的范围\n请填写 0 到 100 之间的分数",
        "{where}: the minimum score {value} of the tier '{name}' is outside the range 0–100\n"
        "Enter a score between 0 and 100",
    ),
    "error.rules-tier-name": (
        "{where}：等级名称“{value}”为空或超过 30 个字\n请填写 1 到 30 个字的等级名称",
        "{where}: the tier name '{value}' is empty or longer than 30 characters\n"
        "Enter a tier name of 1 to 30 characters",
    ),
    "error.rules-tier-icon": (
        "{where}：等级图标“{value}”太长\n请只填一个图标或符号（最多 4 个字符），或留空",
        "{where}: the tier icon '{value}' is too long\n"
        "Enter a single icon or symbol (at most 4 characters), or leave it empty",
    ),
    "error.rules-bad-color": (
        "{where}：等级“{name}”的颜色“{value}”无法识别\n"
        "请从下拉列表选择颜色（如 金色、银色），或按 #RRGGBB 的形式填写，例如 #FFD700",
        "{where}: the colour '{value}' of the tier '{name}' is not a colour\n"
        "Pick a colour from the dropdown (e.g. Gold, Silver), or write it as #RRGGBB, "
        "e.g. #FFD700",
    ),
    "error.rules-days-range": (
        "{where}：天数 {value} 超出 {low}–{high} 的范围\n请填写 {low} 到 {high} 之间的整数天数",
        "{where}: {value} days is outside the range {low}–{high}\n"
        "Enter a whole number of days from {low} to {high}",
    ),
    "error.rules-not-whole-days": (
        "{where}：“{value}”不是整数天数\n请填写一个正整数，例如 365",
        "{where}: '{value}' is not a whole number of days\nEnter a positive whole number, e.g. 365",
    ),
    "error.rules-lifecycle-order": (
        "{where}：流失天数 {churn} 必须大于活跃天数 {active}\n"
        "请把流失天数改得比活跃天数大（默认活跃 90 天、流失 180 天）",
        "{where}: the churn days ({churn}) must be greater than the active days ({active})\n"
        "Make the churn days larger than the active days (defaults: active 90, churn 180)",
    ),
    "error.rules-bad-date": (
        "{where}：“{value}”不是有效的日期\n请填写 2024-10-04 这样的日期，或留空（取数据中的最后日期）",
        "{where}: '{value}' is not a valid date\n"
        "Enter a date such as 2024-10-04, or leave it empty (the last date in the data is used)",
    ),
    "error.rules-columns-shape": (
        "{where}：列对应的写法无法识别\n"
        '请按工作表类型分表填写，例如 [columns.orders] 下写 "钱" = "amount"；'
        '或在 [columns] 下写 "钱" = "orders.amount"',
        "{where}: the column mapping cannot be read\n"
        'Write one table per sheet kind, e.g. "钱" = "amount" under [columns.orders], '
        'or "钱" = "orders.amount" under [columns]',
    ),
    "error.rules-column-no-kind": (
        "{where}：“{value}”没有写明是哪种工作表的字段\n"
        "请写成“工作表类型.字段”，例如 orders.amount（customers、orders、interactions）",
        "{where}: '{value}' does not say which kind of sheet the field belongs to\n"
        "Write it as kind.field, e.g. orders.amount (customers, orders, interactions)",
    ),
    "error.rules-column-unknown-kind": (
        "{where}：未知的工作表类型“{value}”\n"
        "工作表类型只能是 客户、购买记录、互动记录（customers、orders、interactions）",
        "{where}: unknown sheet kind '{value}'\n"
        "The sheet kinds are customers, orders and interactions (客户、购买记录、互动记录)",
    ),
    "error.rules-column-unknown-field": (
        "{where}：{kind:zh}中没有字段“{value}”\n请填写以下字段之一：{allowed:zh}",
        "{where}: {kind:en} have no field '{value}'\nUse one of these fields: {allowed:en}",
    ),
    "error.rules-column-blank": (
        "{where}：列对应缺少“{column:zh}”\n请把这一行填写完整，或删除这一行",
        "{where}: the column mapping has no '{column:en}'\nComplete this row, or delete it",
    ),
    "error.rules-column-duplicate-header": (
        "{where}：{kind:zh}的列“{header}”已在 {other} 对应过一次\n请删除重复的这一项",
        "{where}: the {kind:en} column '{header}' is already mapped at {other}\n"
        "Delete the repeated mapping",
    ),
    "error.rules-column-duplicate-field": (
        "{where}：列“{header}”和 {other} 的列“{other_header}”都对应到字段“{field:zh}”\n"
        "一个字段只能对应一列：请删除其中一项，或改成别的字段",
        "{where}: the columns '{header}' and '{other_header}' (at {other}) are both mapped to "
        "the field '{field:en}'\nA field takes one column only: delete one of them, "
        "or map it to another field",
    ),
    "error.template-exists": (
        "{file} 已经存在，没有覆盖\n如要用新模板替换它（其中填写的内容会丢失），请加 --force；或换一个文件夹",
        "{file} already exists and was not replaced\n"
        "Add --force to replace it with a new template (what was filled in is lost), "
        "or choose another folder",
    ),
    "error.rules-invalid": (
        "{where}：“{value}”无效（{detail}）\n请对照 评级规则.xlsx 模板中的说明修改",
        "{where}: '{value}' is not valid ({detail})\nCorrect it following the rules template",
    ),
}

_SHEET: dict[str, tuple[str, str]] = {
    "rules.sheet-name": ("评级规则", "Rules"),
    "rules.title": ("评级规则", "Grading rules"),
    "rules.note": (
        "本表决定客户如何评分和分级，可直接修改白色单元格：四个维度的权重合计须为 100；"
        "等级按最低总评分从高到低排列，最低一级须从 0 分开始；灰色的“说明”列只作解释。"
        "修改后保存，随客户表一起提交或放进监控文件夹即可生效。",
        "This sheet decides how customers are scored and graded. Edit the white cells: the four "
        "weights must add up to 100; tiers run from the highest minimum score down, and the "
        "lowest tier must start at 0; the grey Explanation column is for reading only. Save it "
        "and hand it in with the customer list, or put it into the watched folder.",
    ),
    "rules.note-result": (
        "这是产生本结果的评级规则，可直接修改白色单元格：四个维度的权重合计须为 100；等级按最低总评分"
        "从高到低排列，最低一级须从 0 分开始。修改后保存，把本工作簿作为规则文件重新评级"
        "（custgrade run 客户表.xlsx --rules 本文件），或另存为 评级规则.xlsx 放进监控文件夹。",
        "These are the rules that produced this result. Edit the white cells: the four weights "
        "add up to 100; tiers run from the highest minimum score down, and the lowest tier "
        "starts at 0. Save, then grade again with this workbook as the rules file "
        "(custgrade run customers.xlsx --rules this-file.xlsx), or save it as 评级规则.xlsx "
        "in the watched folder.",
    ),
    "rules.note-methods": (
        "评分方法：百分位排名 = 按在全部客户中的排名得 0–100 分（默认，并列者同分）；"
        "五档分位 = 像 RFM 一样分五档，得 20/40/60/80/100 分；固定阈值 = 达到第 k 个阈值得"
        " 100×k÷阈值个数 分，写法如“购买次数: 2, 4, 8, 12”，天数类指标从大到小写。",
        "Scoring methods: Percentile rank = 0–100 by rank among all customers (default, ties "
        "share a score); Five bands = five quantile bands like RFM, scoring 20/40/60/80/100; "
        "Fixed thresholds = reaching the k-th threshold scores 100×k÷(number of thresholds), "
        "written like 'Purchases: 2, 4, 8, 12'; day measures are listed from largest down.",
    ),
    "rules.col.dimension": ("维度", "Dimension"),
    "rules.col.weight": ("权重(%)", "Weight (%)"),
    "rules.col.method": ("评分方法", "Scoring method"),
    "rules.col.thresholds": ("固定阈值", "Fixed thresholds"),
    "rules.col.tier": ("等级名称", "Tier"),
    "rules.col.min-score": ("最低总评分", "Minimum total score"),
    "rules.col.color": ("等级颜色", "Colour"),
    "rules.col.icon": ("等级图标", "Icon"),
    "rules.col.setting": ("设置", "Setting"),
    "rules.col.value": ("值", "Value"),
    "rules.col.explain": ("说明", "Explanation"),
    "rules.col.kind": ("工作表类型", "Sheet kind"),
    "rules.col.header": ("原列名", "Column in your file"),
    "rules.col.field": ("对应字段", "Field"),
    "rules.section.columns": ("列对应", "Column mapping"),
    "rules.kind.customers": ("客户", "Customers"),
    "rules.kind.orders": ("购买记录", "Orders"),
    "rules.kind.interactions": ("互动记录", "Interactions"),
    "rules.explain.column": (
        "把“{header}”列当作“{field}”读取",
        "The column '{header}' is read as {field}",
    ),
    "rules.explain.columns-empty": (
        "识别不了的列可在下面对应到字段：每行填写工作表类型、文件中的列名和对应字段",
        "Map a column that is not recognised below: one row per column with the sheet kind, "
        "the header in your file and the field",
    ),
    "rules.dimension.frequency": ("购买频率", "Purchase frequency"),
    "rules.dimension.amount": ("消费金额", "Spending"),
    "rules.dimension.activity": ("活跃程度", "Activity"),
    "rules.dimension.interaction": ("互动情况", "Interaction"),
    "rules.explain.frequency": (
        "分析窗口内的购买次数：买得越多，分越高",
        "Number of purchases in the analysis window: more purchases, higher score",
    ),
    "rules.explain.amount": (
        "分析窗口内的净消费金额（已扣除退款）：花得越多，分越高",
        "Net spending in the analysis window (refunds deducted): more spending, higher score",
    ),
    "rules.explain.activity": (
        "距最近一次购买或互动的天数（越近越好）和参加活动的次数",
        "Days since the last purchase or contact (fewer is better) and campaigns joined",
    ),
    "rules.explain.interaction": (
        "与客服、销售的互动次数和满意度评分",
        "Contacts with service and sales, and the satisfaction score",
    ),
    "rules.method.percentile": ("百分位排名", "Percentile rank"),
    "rules.method.bands": ("五档分位", "Five bands"),
    "rules.method.thresholds": ("固定阈值", "Fixed thresholds"),
    "rules.measure.purchase_count": ("购买次数", "Purchases"),
    "rules.measure.net_amount": ("净消费额", "Net spending"),
    "rules.measure.decayed_count": ("近期加权购买次数", "Recency-weighted purchases"),
    "rules.measure.decayed_amount": ("近期加权消费额", "Recency-weighted spending"),
    "rules.measure.recency_days": ("距上次购买天数", "Days since last purchase"),
    "rules.measure.campaign_count": ("活动参与次数", "Campaigns joined"),
    "rules.measure.contact_count": ("互动次数", "Contacts"),
    "rules.measure.satisfaction": ("满意度", "Satisfaction"),
    "rules.explain.tier-top": ("总评分达到 {low} 分及以上", "Total score of {low} or more"),
    "rules.explain.tier": (
        "总评分 {low} 分及以上、不到 {high} 分",
        "Total score from {low} up to (not including) {high}",
    ),
    "rules.setting.window_days": ("分析窗口(天)", "Analysis window (days)"),
    "rules.setting.as_of": ("分析基准日", "Analysis date"),
    "rules.setting.new_days": ("新客户天数", "New customer days"),
    "rules.setting.active_days": ("活跃天数", "Active days"),
    "rules.setting.churn_days": ("流失天数", "Churn days"),
    "rules.explain.window_days": (
        "只统计分析基准日之前这么多天以内的购买和互动",
        "Only purchases and contacts within this many days before the analysis date count",
    ),
    "rules.explain.as_of": (
        "留空则取数据中的最后日期（同一份数据重复运行结果相同）；填写日期则以该日为准",
        "Empty: the last date in the data (re-running the same data gives the same result); "
        "a date: that day",
    ),
    "rules.explain.new_days": (
        "注册或首次购买在这么多天以内的客户算“新客户”",
        "Customers registered or first buying within this many days are 'new'",
    ),
    "rules.explain.active_days": (
        "最近一次购买或互动在这么多天以内算“活跃”",
        "A last purchase or contact within this many days counts as 'active'",
    ),
    "rules.explain.churn_days": (
        "超过这么多天没有购买或互动算“流失”，介于活跃和流失之间算“休眠”",
        "No purchase or contact for longer than this is 'churned'; between active and churned "
        "is 'dormant'",
    ),
    "rules.source.default": ("默认规则", "default rules"),
    "rules.source.file": ("规则文件 {file}", "rules file {file}"),
    "rules.source.sheet": ("输入工作表“{sheet}”", "input sheet '{sheet}'"),
    "rules.source.sheet-over-file": (
        "输入工作表“{sheet}”，未填写的部分取自规则文件 {file}",
        "input sheet '{sheet}', the rest from rules file {file}",
    ),
    "rules.source.as-of": (
        "{source}；分析基准日 {date} 由命令行指定",
        "{source}; analysis date {date} set on the command line",
    ),
}

#: Input messages of the editable cells of the 评级规则 sheet (Excel allows 255 characters).
_PROMPTS: dict[str, tuple[str, str]] = {
    "rules.prompt.weight": (
        "0–100 的数字，四个维度合计须为 100。填 0 表示这个维度不计入总评分。",
        "A number from 0 to 100; the four weights add up to 100. 0 leaves the dimension out.",
    ),
    "rules.prompt.method": (
        "从下拉列表选择：百分位排名（默认）、五档分位 或 固定阈值。",
        "Pick from the list: Percentile rank (default), Five bands or Fixed thresholds.",
    ),
    "rules.prompt.thresholds": (
        "只有“固定阈值”需要填写，如“购买次数: 2, 4, 8, 12”；天数类指标从大到小写；"
        "多个指标用分号隔开。",
        "Only for Fixed thresholds, e.g. 'Purchases: 2, 4, 8, 12'; day measures from "
        "largest down; separate measures with semicolons.",
    ),
    "rules.prompt.tier": (
        "等级名称，1–30 个字，各等级不能重名。",
        "The tier's name, 1 to 30 characters, different for every tier.",
    ),
    "rules.prompt.min_score": (
        "0–100。等级从高到低排列：这里须低于上一行等级的分数，最低一级填 0。",
        "0 to 100. Tiers run from the highest down: below the tier above, and 0 for the "
        "lowest tier.",
    ),
    "rules.prompt.color": (
        "从下拉列表选择颜色，也可以填写 #RRGGBB 形式的颜色代码（如 #FFD700）。",
        "Pick a colour from the list, or enter a colour code as #RRGGBB (e.g. #FFD700).",
    ),
    "rules.prompt.icon": (
        "可选：一个图标或符号（最多 4 个字符），可留空。",
        "Optional: one icon or symbol (at most 4 characters); may be empty.",
    ),
    "rules.prompt.window_days": (
        "1–36500 的整数天数，默认 365：只统计分析基准日之前这么多天内的购买和互动。",
        "Whole days from 1 to 36500, default 365: only purchases and contacts this many "
        "days before the analysis date count.",
    ),
    "rules.prompt.as_of": (
        "日期，如 2024-10-04；留空则取数据中的最后日期。",
        "A date such as 2024-10-04; empty: the last date in the data.",
    ),
    "rules.prompt.new_days": (
        "1–36500 的整数天数，默认 90。",
        "Whole days from 1 to 36500, default 90.",
    ),
    "rules.prompt.active_days": (
        "1–36500 的整数天数，默认 90；须小于流失天数。",
        "Whole days from 1 to 36500, default 90; less than the churn days.",
    ),
    "rules.prompt.churn_days": (
        "1–36500 的整数天数，默认 180；须大于活跃天数。",
        "Whole days from 1 to 36500, default 180; more than the active days.",
    ),
    "rules.prompt.kind": (
        "从下拉列表选择：客户、购买记录 或 互动记录。",
        "Pick from the list: Customers, Orders or Interactions.",
    ),
    "rules.prompt.header": (
        "你文件中的列名，照原样填写。",
        "The column's header in your file, exactly as written.",
    ),
    "rules.prompt.field": (
        "这一列要读作的字段，如 金额、客户ID、下单日期。",
        "The field to read the column as, e.g. Amount, Customer ID, Order date.",
    ),
}

#: The cut-offs a run used, in the data's units (custgrade.rules.units).
_UNITS: dict[str, tuple[str, str]] = {
    "rules.unit.purchase_count": ("{value} 次", "{value} purchases"),
    "rules.unit-one.purchase_count": ("{value} 次", "{value} purchase"),
    "rules.unit.decayed_count": ("{value} 次", "{value} weighted purchases"),
    "rules.unit-one.decayed_count": ("{value} 次", "{value} weighted purchase"),
    "rules.unit.recency_days": ("{value} 天", "{value} days"),
    "rules.unit-one.recency_days": ("{value} 天", "{value} day"),
    "rules.unit.campaign_count": ("{value} 次", "{value} campaigns"),
    "rules.unit-one.campaign_count": ("{value} 次", "{value} campaign"),
    "rules.unit.contact_count": ("{value} 次", "{value} contacts"),
    "rules.unit-one.contact_count": ("{value} 次", "{value} contact"),
    "rules.unit.complaint_count": ("{value} 次", "{value} complaints"),
    "rules.unit-one.complaint_count": ("{value} 次", "{value} complaint"),
    "rules.unit.satisfaction": ("{value} 分", "{value} points"),
    "rules.unit-one.satisfaction": ("{value} 分", "{value} point"),
    "rules.used.step": ("{sign} {value}：{points} 分", "{sign} {value}: {points} points"),
    "rules.used.quantile": ("前 {share}%：{sign} {value}", "top {share}%: {sign} {value}"),
    "rules.used.penalty": ("每次投诉扣 {points} 分", "{points} points off per complaint"),
    "rules.used.separator": ("；", "; "),
    "rules.used.method-penalty": ("扣分（每次投诉）", "Penalty (per complaint)"),
    "rules.used.weights-title": ("本次实际权重", "Weights used in this run"),
    "rules.used.cutoffs-title": ("本次实际使用的分界值", "Cut-offs used in this run"),
    "rules.used.notes-title": ("本次运行说明", "Notes on this run"),
    "rules.used.col.dimension": ("维度", "Dimension"),
    "rules.used.col.weight": ("规则权重 %", "Rule weight %"),
    "rules.used.col.effective": ("实际权重 %", "Effective weight %"),
    "rules.used.col.measure": ("指标", "Measure"),
    "rules.used.col.method": ("评分方法", "Method"),
    "rules.used.col.cutoffs": ("分界值（按数据单位）", "Cut-offs (in the data's units)"),
    "rules.measure.complaint_count": ("投诉次数", "Complaints"),
}

_TEMPLATE: dict[str, tuple[str, str]] = {
    "template.sheet.customers": ("客户信息", "Customers"),
    "template.sheet.orders": ("购买记录", "Orders"),
    "template.sheet.interactions": ("互动记录", "Interactions"),
    "template.sheet.guide": ("说明", "Instructions"),
    "template.title": ("custgrade 客户信息模板", "custgrade customer template"),
    "template.gender": ("男|女", "Male|Female"),
    "template.industries": (
        "零售|批发|制造业|餐饮|互联网/IT|金融|教育|医疗健康|房地产|物流|建筑|政府/事业单位|其他",
        "Retail|Wholesale|Manufacturing|Catering|Internet/IT|Finance|Education|Healthcare|"
        "Real estate|Logistics|Construction|Public sector|Other",
    ),
    "template.statuses": ("已完成|已退款|已取消", "Completed|Refunded|Cancelled"),
    "template.interaction-types": (
        "咨询|投诉|回访|活动参与|问卷|分享|评价",
        "Inquiry|Complaint|Follow-up|Campaign|Survey|Share|Review",
    ),
    "template.example.customers": (
        "C0001|张三|男|35|13800138000|zhangsan@example.com|上海市浦东新区世纪大道100号|上海|零售|"
        "采购经理|2023-03-15|线下门店|老客户|每季度采购办公家具|12|5680|2024-09-28|6|4.5",
        "C0001|Zhang San|Male|35|13800138000|zhangsan@example.com|100 Century Avenue, Pudong|"
        "Shanghai|Retail|Purchasing manager|2023-03-15|Store|Loyal|Buys office furniture quarterly|12|5680|"
        "2024-09-28|6|4.5",
    ),
    "template.example.orders": (
        "D20240928001|C0001|2024-09-28|办公椅|1280|2|640|微信支付|天猫旗舰店|已完成",
        "D20240928001|C0001|2024-09-28|Office chair|1280|2|640|WeChat Pay|Online shop|Completed",
    ),
    "template.example.interactions": (
        "C0001|2024-09-30|回访|电话|5|对售后很满意，计划下季度追加采购",
        "C0001|2024-09-30|Follow-up|Phone|5|Happy with the service, plans a new order next quarter",
    ),
    "template.help-example": ("{help}例如：{example}", "{help} E.g. {example}"),
    "template.examples-title": ("填写示例：{sheet}", "Example: {sheet}"),
    "template.examples.column": ("列名", "Column"),
    "template.examples.example": ("示例", "Example"),
    "template.examples.how": ("怎么填", "How to fill it"),
    "template.written": ("已生成 {file}", "Written: {file}"),
    "template.help.customers.customer_id": (
        "每位客户唯一的编号，如 C0001。购买记录和互动记录用它关联客户。",
        "A unique number per customer, e.g. C0001. Orders and interactions refer to it.",
    ),
    "template.help.customers.name": ("客户姓名或公司名称。", "The customer's or company's name."),
    "template.help.customers.gender": (
        "从下拉列表选择 男 或 女，可留空。",
        "Choose Male or Female, or leave empty.",
    ),
    "template.help.customers.age": ("年龄，整数，可留空。", "Age in whole years; may be empty."),
    "template.help.customers.phone": (
        "手机或座机号码，可带 +86、空格或短横线。",
        "Mobile or landline; +86, spaces and dashes are fine.",
    ),
    "template.help.customers.email": ("电子邮箱地址。", "E-mail address."),
    "template.help.customers.address": ("联系地址。", "Postal address."),
    "template.help.customers.region": (
        "所在城市或地区，如 上海。",
        "City or region, e.g. Shanghai.",
    ),
    "template.help.customers.industry": (
        "可从下拉列表选择，也可直接填写其他行业。",
        "Pick from the list or type another industry.",
    ),
    "template.help.customers.occupation": ("职业或职位。", "Occupation or job title."),
    "template.help.customers.registered_at": (
        "成为客户的日期，格式 2024-10-04。",
        "Date the customer joined, as 2024-10-04.",
    ),
    "template.help.customers.source": (
        "客户来源，如 线下门店、转介绍、网店。",
        "Where the customer came from.",
    ),
    "template.help.customers.tags": (
        "自定义标签，多个用逗号隔开。",
        "Your own tags, comma separated.",
    ),
    "template.help.customers.notes": (
        "备注，原样保留到结果中。",
        "Notes, carried into the result as written.",
    ),
    "template.help.customers.purchase_count": (
        "没有购买记录表时填写：分析期内的购买次数。",
        "Without an Orders sheet: number of purchases in the period.",
    ),
    "template.help.customers.total_amount": (
        "没有购买记录表时填写：消费总额（元），已扣除退款。",
        "Without an Orders sheet: total spent (yuan), refunds deducted.",
    ),
    "template.help.customers.last_purchase_at": (
        "没有购买记录表时填写：最近一次购买的日期。",
        "Without an Orders sheet: date of the last purchase.",
    ),
    "template.help.customers.interaction_count": (
        "没有互动记录表时填写：咨询、回访等互动的次数。",
        "Without an Interactions sheet: number of contacts.",
    ),
    "template.help.customers.satisfaction": (
        "没有互动记录表时填写：满意度评分，1–5 或 1–10。",
        "Without an Interactions sheet: satisfaction, 1–5 or 1–10.",
    ),
    "template.help.orders.order_id": ("订单编号，可留空。", "Order number; may be empty."),
    "template.help.orders.customer_id": (
        "下单客户的客户ID，须与“客户信息”表一致。",
        "The customer's ID, as on the Customers sheet.",
    ),
    "template.help.orders.date": ("下单日期，格式 2024-10-04。", "Order date, as 2024-10-04."),
    "template.help.orders.product": ("购买的产品或服务。", "Product or service bought."),
    "template.help.orders.amount": (
        "订单金额（元）。留空时按 数量 × 单价 计算。",
        "Order amount (yuan); if empty, quantity × unit price.",
    ),
    "template.help.orders.quantity": ("购买数量。", "Quantity."),
    "template.help.orders.unit_price": ("单价（元）。", "Unit price (yuan)."),
    "template.help.orders.payment_method": ("支付方式，如 微信支付、银行转账。", "Payment method."),
    "template.help.orders.channel": (
        "销售渠道，如 门店、网店。",
        "Sales channel, e.g. store, online shop.",
    ),
    "template.help.orders.status": (
        "已退款、已取消的订单不计入消费。",
        "Refunded and cancelled orders do not count as spending.",
    ),
    "template.help.interactions.customer_id": (
        "互动客户的客户ID，须与“客户信息”表一致。",
        "The customer's ID, as on the Customers sheet.",
    ),
    "template.help.interactions.date": (
        "互动日期，格式 2024-10-04。",
        "Date of the contact, as 2024-10-04.",
    ),
    "template.help.interactions.type": (
        "从下拉列表选择互动类型，也可填写其他类型。",
        "Pick the kind of contact, or type another.",
    ),
    "template.help.interactions.channel": (
        "互动渠道，如 电话、微信、门店。",
        "Channel, e.g. phone, WeChat.",
    ),
    "template.help.interactions.satisfaction": (
        "客户满意度，1–5 的整数，5 为最满意。",
        "Satisfaction, a whole number 1–5, 5 is best.",
    ),
    "template.help.interactions.content": ("互动的内容或结果。", "What the contact was about."),
    "template.guide": (
        "如何使用本模板\n"
        "custgrade 会读取本工作簿，为每位客户计算购买频率、消费金额、活跃程度、互动情况四项评分和总评分，"
        "分出 VIP、金牌、银牌、铜牌等级，并给出分析和改进建议，结果保存为“<文件名>_评级.xlsx”。\n"
        "1. 在“客户信息”表中每行填写一位客户。客户ID 或 客户姓名 至少填一项；其余列可以留空。\n"
        "2. 如有订单明细，填在“购买记录”表，每行一笔订单，用客户ID 与客户对应；已退款、已取消的订单会自动扣除。\n"
        "3. 如有回访、咨询、活动等记录，填在“互动记录”表。没有明细时，可直接在“客户信息”表填写"
        "购买次数、消费总额、最近购买日期、互动次数、满意度评分。\n"
        "4. 日期请写成 2024-10-04 的形式；金额只填数字，不要加“元”。各表从第 2 行起直接填写；每一列的填写示例见本页下方，选中单元格时也会提示。\n"
        "5. 表头名称不要改动（也认得“客户编号”“手机号”等常见写法）；不认识的列会原样保留到结果中。\n"
        "6. 评分权重和等级分数线写在 评级规则.xlsx 中，可以修改后一起提交，或放进监控文件夹。\n"
        "7. 有问题的行不会被悄悄丢掉：它们会列在结果的“问题数据”表中，写明行号、原值和修改方法。",
        "How to use this template\n"
        "custgrade reads this workbook, scores each customer on purchase frequency, spending, activity "
        "and interaction, gives a total score and a tier (VIP, gold, silver, bronze) with analysis and "
        "suggestions, and saves the result as '<file name>_graded.xlsx'.\n"
        "1. On the Customers sheet, one row per customer. Fill in at least the Customer ID or the "
        "Name; other columns may stay empty.\n"
        "2. Order details go on the Orders sheet, one row per order, linked by Customer ID; refunded "
        "and cancelled orders are deducted.\n"
        "3. Service and campaign contacts go on the Interactions sheet. Without details, fill in "
        "Purchases, Total spent, Last purchase, Interactions and Satisfaction on the Customers sheet.\n"
        "4. Write dates as 2024-10-04 and amounts as plain numbers. Start filling at row 2; an example "
        "of every column is listed below on this sheet and shown when you select a cell.\n"
        "5. Keep the header names (common variants such as 'Customer No' are understood too); unknown "
        "columns are carried into the result unchanged.\n"
        "6. Weights and tier cut-offs are in the rules workbook (评级规则.xlsx); edit it and hand it in "
        "with this file, or put it into the watched folder.\n"
        "7. Rows with problems are never silently dropped: the result's Problems sheet lists them with "
        "row number, original value and how to fix it.",
    ),
}

MESSAGES: dict[str, tuple[str, str]] = {**_ERRORS, **_SHEET, **_PROMPTS, **_UNITS, **_TEMPLATE}
