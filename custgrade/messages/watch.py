"""Messages of the watched folder: key -> (zh, en).

Folder names, the lines of custgrade.log and of the explanation files put
beside a failed file, and the errors only a watched folder can meet (a
worker that died or hung, a second watcher, two rules files).  An error
that the command line also meets is rendered from its own catalogue, so
office staff read the same words in 处理失败/ as an analyst on the terminal.
"""

WATCH_EXIT_CODES_ZH = """\b
退出码：
  0  已停止（Ctrl+C、SIGTERM），或 --once 已处理完等待中的文件
  1  文件夹无法监视（不存在、不能写入、已有另一个 watch），或 --once 时规则文件有错误；提示会说明怎么做
  2  命令行用法错误
  3  程序内部错误（缺陷）：请加 --debug 重新运行并把输出发给我们
无法评级的文件不影响退出码：它们被移到 处理失败/ 并附错误说明。"""
WATCH_EXIT_CODES_EN = """\b
Exit codes:
  0  stopped (Ctrl-C, SIGTERM), or --once finished what was waiting
  1  the folder cannot be watched (missing, not writable, already watched),
     or --once found a broken rules file; the message says what to do
  2  wrong command-line usage
  3  internal error (a bug): rerun with --debug and report the output
Files that cannot be graded do not change the exit code: they go to failed/ with an explanation."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- help of the command (looked up by custgrade.cli.localised) ---------------------------
    "cli.help.watch": (
        "监视 FOLDER：自动评级放进其中“待评级”文件夹的每个工作簿。\n\n"
        "在 FOLDER 中创建 待评级/、评级结果/、已处理原件/ 和 处理失败/（--lang en 时为 inbox/、"
        "results/、processed/、failed/）。FOLDER 中的“评级规则.xlsx”或 rules.toml 适用于所有文件，"
        "修改后自动重新读取。一直运行，直到按 Ctrl+C 或收到 SIGTERM；正在评级的文件会完成，"
        "或在下次启动时重新评级，不会丢失也不会重复。",
        "Watch FOLDER: grade every workbook dropped into its inbox.\n\n"
        "Creates 待评级/ 评级结果/ 已处理原件/ 处理失败/ in FOLDER (inbox/ results/ processed/ "
        "failed/ with --lang en). A rules workbook 评级规则.xlsx or rules.toml in FOLDER applies "
        "to every file and is read again when it changes. Runs until Ctrl-C or SIGTERM; a file "
        "being graded is finished or graded again on the next start, never lost nor repeated.",
    ),
    "cli.help.watch.epilog": (WATCH_EXIT_CODES_ZH, WATCH_EXIT_CODES_EN),
    "cli.help.watch.lang": (
        "文件夹名称、评级结果、提示和日志的语言：zh 或 en。",
        "Language of the folder names, results, messages and log: zh or en.",
    ),
    "cli.help.watch.once": (
        "处理完等待中的文件后退出（供计划任务使用）。",
        "Grade what is waiting, then exit (for a scheduler).",
    ),
    "cli.help.watch.workers": (
        "同时评级的文件数（默认 2），每个文件在单独的进程中评级。",
        "Files graded in parallel (default 2), each in its own process.",
    ),
    "cli.help.watch.poll": (
        "文件夹在网络驱动器上时使用：每秒检查一次，而不是等待文件系统通知。",
        "The folder is on a network drive: look every second instead of waiting for file events.",
    ),
    "cli.help.watch.settle": (
        "文件多少秒不再变化才算复制完成（默认 2）。",
        "A file is taken once it has not changed for this many seconds (default 2).",
    ),
    "cli.help.watch.timeout": (
        "单个文件评级的时间上限，单位秒（默认 600）；超时的文件移到 处理失败/。",
        "Seconds one file may take to grade (default 600); a slower one goes to failed/.",
    ),
    "cli.help.watch.debug": (
        "出错时显示完整调用栈。",
        "Show the full traceback on errors.",
    ),
    # the subfolders of the watched folder (PRODUCT.md, "The watched folder")
    "watch.folder.inbox": ("待评级", "inbox"),
    "watch.folder.results": ("评级结果", "results"),
    "watch.folder.processed": ("已处理原件", "processed"),
    "watch.folder.failed": ("处理失败", "failed"),
    "watch.explanation-suffix": (".错误说明.txt", ".error.txt"),
    # printed when the watcher starts
    "watch.start.inbox": ("把要评级的工作簿放进：{path}", "Drop workbooks to grade into: {path}"),
    "watch.start.results": ("评级结果在：{path}", "Graded workbooks appear in: {path}"),
    "watch.start.failed": (
        "无法评级的文件和错误说明在：{path}",
        "Files that cannot be graded, with an explanation, go to: {path}",
    ),
    "watch.start.log": ("日志：{path}", "Log: {path}"),
    "watch.start.stop": (
        "按 Ctrl+C 停止（正在评级的文件会完成或在下次启动时重新评级）。",
        "Press Ctrl+C to stop (a file being graded is finished, or graded again on the next start).",
    ),
    # custgrade.log, one line per event
    "watch.log.started": (
        "开始监视 {folder}（{mode}，{workers} 个并行评级）",
        "Watching {folder} ({mode}, {workers} parallel gradings)",
    ),
    "watch.log.mode-events": (
        "文件系统通知，另每 {seconds} 秒复查一次",
        "file system events, and a full check every {seconds} s",
    ),
    "watch.log.mode-poll": ("每 {seconds} 秒检查一次", "checked every {seconds} s"),
    "watch.log.events-unavailable": (
        "收不到文件系统通知（{detail}），改为每 {seconds} 秒检查一次",
        "File system events are not available ({detail}); checking every {seconds} s instead",
    ),
    "watch.log.stopped": (
        "停止监视：本次成功 {done} 个，失败 {failed} 个",
        "Stopped watching: {done} graded, {failed} failed",
    ),
    "watch.log.taken": ("开始评级：{file}（{size}）", "Grading: {file} ({size})"),
    "watch.log.done": (
        "成功：{file} → {result}；{ledger}；用时 {seconds} 秒",
        "Graded: {file} → {result}; {ledger}; took {seconds} s",
    ),
    "watch.log.failed": (
        "失败：{file} → {failed}；{reason}；用时 {seconds} 秒",
        "Failed: {file} → {failed}; {reason}; took {seconds} s",
    ),
    "watch.log.recovered": (
        "上次停止时 {file} 尚未评级完成，现在重新评级",
        "{file} was not finished when the watcher last stopped; grading it again",
    ),
    "watch.log.finished-after-restart": (
        "上次停止时 {file} 已评级完成，现在完成移动",
        "{file} was graded before the watcher last stopped; finishing the moves",
    ),
    "watch.log.abandoned": (
        "停止时 {file} 尚未评级完成，下次启动时会重新评级",
        "{file} was not finished when stopping; it is graded again on the next start",
    ),
    "watch.log.rules-loaded": (
        "已读取规则文件 {file}，之后的文件按它评级",
        "Read the rules file {file}; files from now on are graded with it",
    ),
    "watch.log.rules-removed": (
        "规则文件已移走，之后的文件按默认规则评级",
        "The rules file is gone; files from now on are graded with the default rules",
    ),
    "watch.log.rules-broken": (
        "规则文件 {file} 有错误，待评级的文件先等待，直到规则改好：{reason}",
        "The rules file {file} has an error; files wait until it is fixed: {reason}",
    ),
    "watch.log.subfolder": (
        "忽略 {inbox} 里的子文件夹“{name}”：请把文件直接放进 {inbox}",
        'Ignoring the subfolder "{name}" in {inbox}: put files directly into {inbox}',
    ),
    "watch.log.unreachable": (
        "无法访问 {path}（{detail}），稍后重试",
        "Cannot reach {path} ({detail}); trying again shortly",
    ),
    "watch.log.no-lock": (
        "无法锁定 {path}（{detail}）：请确保只有一个 custgrade watch 在监视这个文件夹",
        "Cannot lock {path} ({detail}): make sure only one custgrade watch serves this folder",
    ),
    # the explanation file beside a failed file (UTF-8 with BOM, for Notepad)
    "watch.explain.title": ("无法评级这个文件：{file}", "This file could not be graded: {file}"),
    "watch.explain.time": ("时间：{time}", "Time: {time}"),
    "watch.explain.reason": ("原因：{reason}", "What is wrong: {reason}"),
    "watch.explain.todo": ("怎么办：{todo}", "What to do: {todo}"),
    "watch.explain.again": (
        "改好后，把文件重新放进“{inbox}”文件夹，就会自动重新评级。",
        'Once fixed, put the file into the "{inbox}" folder again and it is graded automatically.',
    ),
    "watch.explain.rules-title": (
        "规则文件 {file} 有错误，“{inbox}”里的文件要等规则改好才会评级。",
        'The rules file {file} has an error; files in "{inbox}" wait until it is fixed.',
    ),
    "watch.explain.rules-again": (
        "改好规则文件并保存后，等待中的文件会自动评级，这个说明文件也会自动删除。",
        "Once the rules file is fixed and saved, the waiting files are graded automatically "
        "and this explanation is removed.",
    ),
    # errors only the watched folder meets
    "error.worker-crashed": (
        "评级这个文件时处理程序异常退出（{signal}），文件可能已损坏或是恶意构造的：{file}\n"
        "请在 Excel 或 LibreOffice 中打开后另存为 .xlsx，再放入待评级文件夹。",
        "The grading process stopped abnormally ({signal}) on this file; "
        "it is probably damaged or was built to do harm: {file}\n"
        "Open it in Excel or LibreOffice, save it as .xlsx, and put it into the inbox again.",
    ),
    "error.worker-timeout": (
        "评级这个文件超过 {seconds} 秒仍未完成，已停止：{file}\n"
        "请删除不需要的工作表、行和列，或拆分成几个较小的文件，再放入待评级文件夹。",
        "Grading this file took more than {seconds} seconds and was stopped: {file}\n"
        "Delete the sheets, rows and columns you do not need, or split it into smaller files, "
        "and put them into the inbox again.",
    ),
    "error.worker-gave-up": (
        "这个文件已 {count} 次在评级过程中使监视程序停止，不再重试：{file}\n"
        "请在 Excel 中打开后另存为 .xlsx 再放入；如仍不行，请把文件交给管理员。",
        "Grading this file stopped the watcher {count} times, so it is not tried again: {file}\n"
        "Open it in Excel, save it as .xlsx and put it in again; "
        "if that does not help, give the file to your administrator.",
    ),
    "error.rules-ambiguous": (
        "文件夹里有多个规则文件：{files}\n请只保留其中一个（例如 评级规则.xlsx），把其余的移走。",
        "The folder holds several rules files: {files}\n"
        "Keep only one of them (for example rules.toml) and move the others away.",
    ),
    "error.watch-folder-missing": (
        "要监视的文件夹不存在：{folder}\n请先创建这个文件夹；如果它在网络驱动器上，请检查驱动器是否已连接。",
        "The folder to watch does not exist: {folder}\n"
        "Create it first; if it is on a network drive, check that the drive is connected.",
    ),
    "error.watch-folder-is-file": (
        "要监视的应是一个文件夹，而 {folder} 是一个文件\n"
        "请指定一个文件夹；要评级单个文件，请使用 custgrade run。",
        "The folder to watch is a file: {folder}\n"
        "Name a folder; to grade a single file, use custgrade run.",
    ),
    "error.watch-folder-not-writable": (
        "无法在文件夹 {folder} 里创建文件（{detail}）\n请检查运行 custgrade 的账户对这个文件夹有写入权限。",
        "Cannot create files in the folder {folder} ({detail})\n"
        "Check that the account running custgrade may write to this folder.",
    ),
    "error.watch-already-running": (
        "已有另一个 custgrade watch 在监视这个文件夹：{folder}（{holder}）\n"
        "同一个文件夹只能有一个 watch；请先停止另一个，或监视另一个文件夹。",
        "Another custgrade watch already serves this folder: {folder} ({holder})\n"
        "Only one watch may serve a folder; stop the other one first, or watch another folder.",
    ),
}
