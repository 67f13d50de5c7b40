"""Messages of 分析报告: key -> (zh, en).

Lifecycle states, churn risk, tags, the analysis sentence, the actions and
the gap to the next tier.  The names after the prefix (``lifecycle.<state>``,
``label.<tag>``, ``action.<name>`` ...) are the names used in the decision
table custgrade/vocab/analysis.toml.  Placeholders are filled column-wise
by `custgrade.analyse`: {days} days since the last purchase, {purchases},
{net} and {spend} money with its currency, {satisfaction} on its own scale
("4.2/5"), {complaints}, {favourite} (the favourite product/channel hint
or nothing).
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- lifecycle states --------------------------------------------------------------------
    "lifecycle.new": ("新客户", "New"),
    "lifecycle.active": ("活跃", "Active"),
    "lifecycle.dormant": ("休眠", "Dormant"),
    "lifecycle.lost": ("流失", "Lost"),
    "lifecycle.date_unknown": ("最近购买日期未知", "Last purchase date unknown"),
    "lifecycle.prospect": ("未购买", "Not yet bought"),
    "lifecycle.no_data": ("数据不足", "Insufficient data"),
    # --- churn risk --------------------------------------------------------------------------
    "risk.low": ("低", "Low"),
    "risk.medium": ("中", "Medium"),
    "risk.high": ("高", "High"),
    "risk.unknown": ("无法判断", "Unknown"),
    # --- tags --------------------------------------------------------------------------------
    "label.separator": ("、", ", "),
    "label.none": ("无特别标签", "no special tags"),
    "label.high_spend": ("高消费", "High spender"),
    "label.loyal": ("忠实客户", "Loyal"),
    "label.potential": ("潜在客户", "Potential"),
    "label.one_time": ("一次性客户", "One-time buyer"),
    "label.non_positive": ("净消费非正", "Net spend ≤ 0"),
    "label.complaint": ("有投诉", "Has complained"),
    "label.low_satisfaction": ("满意度低", "Low satisfaction"),
    "label.churn_risk": ("流失风险", "Churn risk"),
    # --- the analysis sentence -----------------------------------------------------------------
    "analysis.template": (
        "{state}：{history}{net}{satisfaction}{complaints}；标签：{labels}。总评分 {total}"
        "（购买频率 {frequency}、消费金额 {amount}、活跃程度 {activity}、互动情况 {interaction}），"
        "{tier_reason}。",
        "{state}: {history}{net}{satisfaction}{complaints}; tags: {labels}. Total score {total} "
        "(frequency {frequency}, amount {amount}, activity {activity}, interaction "
        "{interaction}) {tier_reason}.",
    ),
    "analysis.net": ("，净消费 {net}", ", net spend {net}"),
    "analysis.satisfaction": ("，满意度 {satisfaction}", ", satisfaction {satisfaction}"),
    "analysis.complaints": ("，投诉 {complaints} 次", ", {complaints} complaint(s)"),
    "analysis.history.no_data_in_file": (
        "文件中没有购买或互动数据，无法判断生命周期",
        "the file holds no purchase or interaction data, so the lifecycle cannot be judged",
    ),
    "analysis.history.no_purchase_data": (
        "数据中没有该客户的购买数据，无法判断生命周期",
        "the data holds no purchases for this customer, so the lifecycle cannot be judged",
    ),
    "analysis.history.no_data": (
        "数据中没有该客户的购买或互动记录，无法判断生命周期",
        "the data holds no purchase or interaction for this customer, so the lifecycle cannot "
        "be judged",
    ),
    "analysis.history.no_purchase": ("尚无购买记录", "no purchase yet"),
    "analysis.history.date_unknown_count": (
        "购买 {purchases} 次，最近购买日期未知",
        "{purchases} purchase(s), date of the last one unknown",
    ),
    "analysis.history.date_unknown": (
        "有消费记录，最近购买日期未知",
        "has bought, date of the last purchase unknown",
    ),
    "analysis.history.outside_window": (
        "分析期内没有购买，最近一次购买在 {days} 天前",
        "no purchase in the analysis window, the last one {days} days ago",
    ),
    "analysis.history.one_time": (
        "仅购买过 1 次，在 {days} 天前",
        "bought once, {days} days ago",
    ),
    "analysis.history.repeat": (
        "购买 {purchases} 次，最近一次在 {days} 天前",
        "{purchases} purchases, the last one {days} days ago",
    ),
    "analysis.history.last_purchase": (
        "最近一次购买在 {days} 天前",
        "last purchase {days} days ago",
    ),
    "analysis.tier-reached": (
        "达到“{tier}”的门槛 {min_score} 分",
        "meets the {min_score}-point threshold of “{tier}”",
    ),
    "analysis.tier-lowest": (
        "低于“{next_tier}”的门槛 {next_min} 分，故为“{tier}”",
        "is below the {next_min}-point threshold of “{next_tier}”, hence “{tier}”",
    ),
    # --- favourite product / channel, inserted into an action as {favourite} -------------------
    "analysis.favourite.both": (
        "（常购“{product}”，常用渠道“{channel}”）",
        " (usually buys “{product}” via “{channel}”)",
    ),
    "analysis.favourite.product": ("（常购“{product}”）", " (usually buys “{product}”)"),
    "analysis.favourite.channel": ("（常用渠道“{channel}”）", " (usually via “{channel}”)"),
    # --- care actions, put before the main action ----------------------------------------------
    "action.complaint": (
        "有 {complaints} 次投诉：48 小时内由专人回访，先处理投诉再做营销。",
        "{complaints} complaint(s): have someone call back within 48 hours and settle them "
        "before any marketing. ",
    ),
    "action.low_satisfaction": (
        "满意度偏低（{satisfaction}）：请客服在一周内回访，先解决不满再做营销。",
        "Low satisfaction ({satisfaction}): have customer service call back within a week and "
        "resolve the issue before any marketing. ",
    ),
    "action.non_positive": (
        "退款不少于消费：回访了解退货原因，改进产品或服务。",
        "Refunds match or exceed purchases: call to learn why they returned goods and improve "
        "the offer. ",
    ),
    # --- main actions --------------------------------------------------------------------------
    "action.collect_data": (
        "数据不足：请补充该客户的购买或互动记录后再评估，暂不安排营销。",
        "Insufficient data: add this customer's purchases or interactions before planning any "
        "marketing.",
    ),
    "action.add_last_date": (
        "请补充最近购买日期，才能判断是否需要唤醒；在此之前按当前等级维护{favourite}。",
        "Add the date of the last purchase so that lapsing can be judged; until then look "
        "after them as their tier suggests{favourite}.",
    ),
    "action.first_purchase": (
        "尚未购买：发送首单优惠并推荐入门商品，引导完成第一次购买。",
        "No purchase yet: send a first-order offer with an entry product to win the first "
        "purchase.",
    ),
    "action.win_back": (
        "已 {days} 天未购买：发送专属召回优惠券{favourite}，并电话回访了解原因。",
        "No purchase for {days} days: send a personal win-back coupon{favourite} and call to "
        "learn why.",
    ),
    "action.second_purchase_reminder": (
        "唯一一次购买在 {days} 天前：发送复购提醒和限时折扣{favourite}，争取第二次购买。",
        "Their only purchase was {days} days ago: send a reminder with a limited-time "
        "discount{favourite} to earn the second purchase.",
    ),
    "action.reactivate": (
        "休眠中（{days} 天未购买）：推送限时折扣或新品试用{favourite}，唤醒再次购买。",
        "Dormant ({days} days without a purchase): send a limited-time discount or a "
        "new-product trial{favourite} to win a repeat purchase.",
    ),
    "action.second_purchase": (
        "购后 7 天内做关怀回访，推荐搭配商品{favourite}，促成第二次购买。",
        "Follow up within 7 days of the purchase and suggest a matching product{favourite} to "
        "earn the second purchase.",
    ),
    "action.vip_care": (
        "核心客户：安排专属客服、新品优先体验{favourite}，邀请其推荐新客户。",
        "Top customer: assign a dedicated contact, offer early access to new "
        "products{favourite} and invite referrals.",
    ),
    "action.bundle": (
        "互动积极但消费偏低：推荐适合的产品组合{favourite}，提供加购优惠。",
        "Engaged but spending little: recommend a suitable bundle{favourite} with an add-on "
        "discount.",
    ),
    "action.welcome": (
        "新客户已购买 {purchases} 次：邀请加入会员计划{favourite}，用积分鼓励持续购买。",
        "New customer with {purchases} purchases: invite them into the loyalty "
        "programme{favourite} and reward further purchases with points.",
    ),
    "action.keep_active": (
        "保持定期沟通{favourite}，用会员积分活动提升购买频次。",
        "Keep in regular touch{favourite} and use loyalty-point campaigns to raise purchase "
        "frequency.",
    ),
    # --- the gap to the next tier (appended to the action) -------------------------------------
    "gap.top": (
        "已是最高等级，高出门槛 {margin} 分。",
        " Already in the top tier, {margin} points above its threshold.",
    ),
    "gap.top-near": (
        "已是最高等级，仅高出门槛 {margin} 分，再下降即降为“{lower_tier}”。",
        " Already in the top tier, only {margin} points above its threshold: any drop makes "
        "them “{lower_tier}”.",
    ),
    "gap.any-order": (
        "再下一单（金额不限）即可升至“{tier}”（差 {points} 分）。",
        " One more order, of any amount, would lift them to “{tier}” ({points} points short).",
    ),
    "gap.both": (
        "再消费 {spend} 或再购买 {purchases} 次可升至“{tier}”（差 {points} 分）。",
        " Spending {spend} more or {purchases} more purchase(s) would lift them to “{tier}” "
        "({points} points short).",
    ),
    "gap.spend": (
        "再消费 {spend} 可升至“{tier}”（差 {points} 分）。",
        " Spending {spend} more would lift them to “{tier}” ({points} points short).",
    ),
    "gap.purchases": (
        "再购买 {purchases} 次可升至“{tier}”（差 {points} 分）。",
        " {purchases} more purchase(s) would lift them to “{tier}” ({points} points short).",
    ),
    "gap.points": (
        "距“{tier}”还差 {points} 分，需在多个维度同时提升。",
        " {points} points short of “{tier}”: needs progress on several dimensions.",
    ),
    "gap.margin": (
        "距降为“{lower_tier}”还有 {margin} 分，注意保持。",
        " {margin} points above “{lower_tier}”: keep them from slipping.",
    ),
}
