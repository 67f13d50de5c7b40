"""Messages of the scoring area: key -> (zh, en).

Run notes about which dimensions count in the total and how bands were
formed, and the label of the complaint penalty in 评级规则.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "note.dimensions-no-data": (
        "数据中没有可用于以下维度的信息：{dimensions}；其权重计为 0，已按比例分配给其余维度。",
        "The data has nothing to measure these dimensions: {dimensions}; their weight counts as 0 "
        "and was spread over the others in proportion.",
    ),
    "note.dimensions-constant": (
        "以下维度所有客户得分相同，无法区分客户：{dimensions}；其权重计为 0，已按比例分配给其余维度。",
        "Every customer has the same score on these dimensions, so they tell no customer apart: "
        "{dimensions}; their weight counts as 0 and was spread over the others in proportion.",
    ),
    "note.bands-by-count": (
        "“{measure}”只有 {distinct} 个不同取值，五档分位会重叠；已按人数在不同取值之间分档，使各档人数尽量均衡。",
        "“{measure}” has only {distinct} distinct values, so quantile bands would collapse; bands "
        "were formed over the distinct values, by number of customers, as evenly as the ties allow.",
    ),
    "report.method.penalty": ("扣分（每次投诉）", "Penalty (per complaint)"),
}
