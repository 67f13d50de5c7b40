"""Messages of duplicate merging: key -> (zh, en).

Each merged row's reason names the key that matched; ``{value}`` holds the
evidence as the user wrote it (the shared phone, the two names and their
similarity …) and ``{target}`` the customer ID the row became part of.
"""

_KEPT_ZH = "已合并：保留最早记录的客户ID和注册日期、最新的联系方式，购买次数和金额相加，购买与互动记录合并计算。"
_KEPT_EN = (
    "merged: the earliest record's ID and registration date and the newest contact details "
    "are kept, counts and amounts are added up, orders and interactions are combined."
)

MESSAGES: dict[str, tuple[str, str]] = {
    "issue.merged-same-id": (
        "与客户“{target}”的客户ID相同（{value}），是同一客户，" + _KEPT_ZH,
        "Same customer ID as “{target}” ({value}); " + _KEPT_EN,
    ),
    "issue.merged-same-phone": (
        "与客户“{target}”联系电话相同，姓名相同或相近（{value}），" + _KEPT_ZH,
        "Same phone as “{target}” and the same or a similar name ({value}); " + _KEPT_EN,
    ),
    "issue.merged-same-email": (
        "与客户“{target}”电子邮箱相同（{value}），" + _KEPT_ZH,
        "Same e-mail as “{target}” ({value}); " + _KEPT_EN,
    ),
    "issue.merged-same-name-address": (
        "与客户“{target}”姓名和地址都相同（{value}，公司名称的“有限公司”“(集团)”等后缀不计），"
        + _KEPT_ZH,
        "Same name and address as “{target}” ({value}; legal-form suffixes such as 有限公司 or "
        "(集团) not counted); " + _KEPT_EN,
    ),
    "issue.merged-similar-name": (
        "与客户“{target}”姓名相近且地址相同（{value}，百分比为姓名相似度），" + _KEPT_ZH,
        "A name similar to that of “{target}” and the same address ({value}; the percentage is "
        "the name similarity); " + _KEPT_EN,
    ),
    "issue.exact-duplicate": (
        "与客户“{target}”的另一行完全相同（{value}），是重复录入的同一条记录：只计一次，购买次数和金额不重复相加。",
        "Every cell equals another row of “{target}” ({value}): the same record entered twice, "
        "counted once; its counts and amounts are not added again.",
    ),
    "issue.shared-phone": (
        "电话“{value}”被 3 位或更多不同姓名的客户共用（如公司总机、前台电话），不作为判断重复客户的依据；这些客户仍分别评级。",
        "The phone “{value}” is given by 3 or more customers with different names (a company "
        "switchboard or front desk); it is not used to find duplicates, and these customers "
        "are graded separately.",
    ),
    "issue.shared-email": (
        "邮箱“{value}”被 3 位或更多不同姓名的客户共用（如公司公共邮箱），不作为判断重复客户的依据；这些客户仍分别评级。",
        "The e-mail “{value}” is given by 3 or more customers with different names (a shared "
        "company mailbox); it is not used to find duplicates, and these customers are graded "
        "separately.",
    ),
    # --- 基本信息: the IDs merged into a customer, for lookups by an old ID -----------------
    "report.col.merged_ids": ("合并的客户ID", "Merged customer IDs"),
}
