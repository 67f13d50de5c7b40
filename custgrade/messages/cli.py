"""Texts of the command line itself: help, usage errors, headings click would print in English.

Keys ``cli.help.<command>`` hold a command's help, ``cli.help.<command>.<param>``
an option's help and ``cli.help.<command>.epilog`` its closing text; the
localiser in ``custgrade.cli.localised`` looks them up by those names, so a
new command gets Chinese and English help by adding keys here.
"""

from __future__ import annotations

EXIT_CODES_ZH = """\b
退出码：
  0  成功：评级结果已写入
  1  输入文件、数据、规则或输出位置有问题，可以自行修正；提示会说明怎么做
  2  命令行用法错误
  3  程序内部错误（缺陷）：请加 --debug 重新运行并把输出发给我们"""
EXIT_CODES_EN = """\b
Exit codes:
  0  success: the graded workbook was written
  1  a problem with the input file, data, rules or output location
     that you can fix; the message says what to do
  2  wrong command-line usage
  3  internal error (a bug): rerun with --debug and report the output"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- headings and built-in options --------------------------------------------------------
    "cli.help.usage": ("用法：", "Usage: "),
    "cli.help.options": ("选项", "Options"),
    "cli.help.commands": ("命令", "Commands"),
    "cli.help.options-metavar": ("[选项]", "[OPTIONS]"),
    "cli.help.subcommand-metavar": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "cli.help.help-option": ("显示本帮助并退出。", "Show this message and exit."),
    "cli.help.version-option": ("显示版本号并退出。", "Show the version and exit."),
    "cli.help.exit-codes": (EXIT_CODES_ZH, EXIT_CODES_EN),
    # --- custgrade ------------------------------------------------------------------------------
    "cli.help.main": (
        "custgrade：把客户表格评级为 VIP / 金牌 / 银牌 / 铜牌 等级。\n\n"
        "读取 CRM、网店后台导出或手工维护的客户表，校验、清洗、去重后按购买频率、"
        "消费金额、活跃程度和互动情况评分，写出带颜色的客户等级工作簿。\n\n"
        "English: custgrade --lang en --help",
        "custgrade: grade the customers of a spreadsheet into VIP / gold / silver / bronze "
        "tiers.\n\nReads a customer sheet exported from a CRM or a shop platform, or kept by "
        "hand; validates, cleans and deduplicates it, scores purchase frequency, spending, "
        "activity and interaction, and writes a colour-coded graded workbook.\n\n"
        "中文：custgrade --lang zh --help",
    ),
    "cli.help.main.lang": (
        "帮助和提示的语言：zh 或 en；也可写在命令之后（默认：系统语言为英文时用 en，否则 zh）。",
        "Language of the help and messages: zh or en; may also follow the command (default: "
        "en when the system language is English, else zh).",
    ),
    "cli.help.run": (
        "评级 INPUT，并在它旁边写出评级结果工作簿。\n\n"
        "INPUT 可以是 .xlsx、.xlsm、.xls、.ods、.xlsb 或 .csv 文件（CRM、网店后台导出或"
        "手工台账）。输入文件不会被修改。",
        "Grade INPUT and write the graded workbook beside it.\n\n"
        "INPUT is an .xlsx, .xlsm, .xls, .ods, .xlsb or .csv file exported from a CRM or a "
        "shop platform, or kept by hand. The input is never modified.",
    ),
    "cli.help.run.output": (
        "输出工作簿（默认：输入文件旁的 <文件名>_评级.xlsx）。",
        "Output workbook (default: <name>_graded.xlsx beside the input).",
    ),
    "cli.help.run.rules_file": (
        "评级规则：评级规则工作簿 .xlsx（custgrade template 生成的“评级规则.xlsx”，"
        "或上次结果的“评级规则”表），或 .toml / .yaml 规则文件。"
        "输入工作簿中的“评级规则”表优先于它。",
        "Grading rules: a rules workbook .xlsx (评级规则.xlsx from custgrade template, or "
        "the rules sheet of an earlier result), or a .toml / .yaml rules file. A rules sheet "
        "inside the input workbook overrides it.",
    ),
    "cli.help.run.as_of": (
        "分析基准日，格式 YYYY-MM-DD（默认：数据中最晚的日期）。",
        "Analysis date, YYYY-MM-DD (default: the latest date in the data).",
    ),
    "cli.help.run.lang": (
        "结果工作簿和提示的语言：zh 中文、en 英文（默认：系统语言为英文时用 en，否则 zh）。",
        "Language of the workbook and of every message: zh or en (default: en when the "
        "system language is English, else zh).",
    ),
    "cli.help.run.debug": (
        "出错时显示完整的调用栈（报告缺陷时使用）。",
        "Show the full traceback on errors (for bug reports).",
    ),
    "cli.help.template": (
        "在 DIR 中生成客户信息模板和评级规则工作簿。\n\n"
        "DIR 默认为当前文件夹，不存在时自动创建。填写“客户信息模板.xlsx”后用 custgrade run "
        "评级；修改“评级规则.xlsx”后用 --rules 指定，或放进监视文件夹。",
        "Write the input template and the rules workbook into DIR.\n\n"
        "DIR defaults to the current folder and is created when missing. Fill in the input "
        "template and grade it with custgrade run; edit the rules workbook and pass it with "
        "--rules, or put it into the watched folder.",
    ),
    "cli.help.template.lang": (
        "模板的语言：zh 或 en（默认：系统语言为英文时用 en，否则 zh）。",
        "Language of the templates: zh or en (default: en when the system language is "
        "English, else zh).",
    ),
    "cli.help.template.force": ("覆盖已有的模板文件。", "Replace templates that already exist."),
    # --- usage errors -------------------------------------------------------------------------
    "cli.usage.error": (
        "用法错误：{detail}\n运行“{command} --help”查看用法。",
        "Usage error: {detail}\nRun “{command} --help” to see how to use it.",
    ),
    "cli.usage.no-such-option": ("没有选项 {option}。", "There is no option {option}."),
    "cli.usage.did-you-mean": ("您是不是要用 {options}？", "Did you mean {options}?"),
    "cli.usage.no-such-command": (
        "没有命令“{name}”；可用的命令：{commands}。",
        "There is no command “{name}”; the commands are: {commands}.",
    ),
    "cli.usage.missing-argument": ("缺少参数 {name}。", "{name} is missing."),
    "cli.usage.missing-option": ("缺少选项 {name}。", "The option {name} is missing."),
    "cli.usage.option-needs-value": (
        "选项 {name} 后面需要一个值。",
        "The option {name} needs a value.",
    ),
    "cli.usage.bad-choice": (
        "{name} 的值“{value}”无效；可选：{choices}。",
        "“{value}” is not a valid value for {name}; choose one of: {choices}.",
    ),
    "cli.usage.bad-number": (
        "{name} 需要一个{kind}。",
        "{name} needs {kind}.",
    ),
    "cli.usage.kind.integer": ("整数", "a whole number"),
    "cli.usage.kind.float": ("数字", "a number"),
    "cli.usage.bad-value": ("{name} 的值无效：{detail}", "Invalid value for {name}: {detail}"),
    "cli.usage.extra-argument": (
        "多余的参数：{args}。",
        "Unexpected extra argument: {args}.",
    ),
    "cli.aborted": ("已中止。", "Aborted."),
}
