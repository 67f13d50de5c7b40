"""Canonical fields and the header aliases that map input columns onto them.

One table serves reading (header recognition), the input template, the
labels of the output workbook and the docs, so a new alias is added here
and nowhere else.  Aliases are compared after `normalize_header`, which
folds case, full-width characters, spaces and punctuation, so "客户 ID",
"客户ID：" and "customer_id" all match the alias "客户id".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

SheetKind = Literal["customers", "orders", "interactions"]
FieldKind = Literal[
    "id", "text", "phone", "email", "date", "amount", "count", "number", "gender", "score"
]


@dataclass(frozen=True)
class FieldSpec:
    """One canonical field: its value kind, labels and accepted header aliases."""

    name: str
    kind: FieldKind
    label_zh: str
    label_en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        """The column label in the given language ("zh" or "en")."""
        return self.label_zh if lang == "zh" else self.label_en


def _f(name: str, kind: FieldKind, zh: str, en: str, *aliases: str) -> FieldSpec:
    return FieldSpec(name, kind, zh, en, (zh, en, name, *aliases))


#: Amount headers in order of meaning: what the buyer finally paid wins over
#: what was due, listed or subtotalled when an export has several of them.
AMOUNT_PREFERENCE: tuple[str, ...] = (
    "实付金额",
    "实付款",
    "买家实际支付金额",
    "用户实付金额",
    "实收金额",
    "订单实收",
    "amount paid",
    "paid amount",
    "total paid",
    "支付金额",
    "付款金额",
    "成交金额",
    "交易金额",
)

#: How orders and interactions sheets name the customer they belong to.
_LINKED_ID_ALIASES: tuple[str, ...] = (
    "客户编号", "客户编码", "会员号", "会员编号", "会员ID", "用户ID", "客户号",
    "cust_id", "customer no", "member id",
    # the buyer's account in shop exports (淘宝 买家会员名, 京东 下单帐号 …)
    "买家会员名", "买家账号", "买家帐号", "买家ID", "买家昵称", "下单帐号", "下单账号",
    "下单用户", "用户账号", "会员名", "buyer", "buyer id", "customerid",
)  # fmt: skip

CUSTOMER_FIELDS: tuple[FieldSpec, ...] = (
    _f(
        "customer_id",
        "id",
        "客户ID",
        "Customer ID",
        "客户编号",
        "客户编码",
        "客户代码",
        "会员号",
        "会员编号",
        "会员ID",
        "会员卡号",
        "用户ID",
        "用户编号",
        "客户号",
        "cust_id",
        "customer no",
        "customer number",
        "client id",
        "member id",
        "id",
    ),
    _f(
        "name",
        "text",
        "客户姓名",
        "Name",
        "姓名",
        "客户名称",
        "客户名",
        "名称",
        "会员姓名",
        "联系人",
        "公司名称",
        "企业名称",
        "单位名称",
        "customer name",
        "client name",
        "full name",
        "contact name",
    ),
    _f("gender", "gender", "性别", "Gender", "sex"),
    _f("age", "count", "年龄", "Age"),
    _f(
        "phone",
        "phone",
        "联系电话",
        "Phone",
        "电话",
        "手机",
        "手机号",
        "手机号码",
        "电话号码",
        "联系方式",
        "移动电话",
        "mobile",
        "mobile phone",
        "telephone",
        "tel",
        "phone number",
        "contact number",
    ),
    _f(
        "email", "email", "电子邮箱", "Email", "邮箱", "电子邮件", "e-mail", "mail", "email address"
    ),
    _f(
        "address",
        "text",
        "地址",
        "Address",
        "联系地址",
        "详细地址",
        "收货地址",
        "通讯地址",
        "公司地址",
    ),
    _f(
        "region",
        "text",
        "地区",
        "Region",
        "区域",
        "城市",
        "省份",
        "所在地区",
        "所在城市",
        "city",
        "area",
    ),
    _f("industry", "text", "行业", "Industry", "所属行业", "行业类别"),
    _f("occupation", "text", "职业", "Occupation", "职位", "岗位", "job", "title"),
    _f(
        "registered_at",
        "date",
        "注册日期",
        "Registered",
        "注册时间",
        "入会日期",
        "开户日期",
        "建档日期",
        "首次登记日期",
        "创建时间",
        "registration date",
        "registered at",
        "signup date",
        "created at",
        "join date",
    ),
    _f("source", "text", "客户来源", "Source", "来源", "渠道来源", "获客渠道", "lead source"),
    _f("tags", "text", "标签", "Tags", "客户标签", "tag"),
    _f("notes", "text", "备注", "Notes", "说明", "remark", "remarks", "note", "comment"),
    # Shopify / HubSpot customers split the name; joined into ``name`` when it is absent
    _f("first_name", "text", "名", "First name", "firstname", "given name"),
    _f("last_name", "text", "姓", "Last name", "lastname", "surname", "family name"),
)

#: Name parts that exports split (Shopify's First Name / Last Name).
SPLIT_NAME: frozenset[str] = frozenset({"first_name", "last_name"})

#: Pre-aggregated measures kept by hand on the customer sheet; used when
#: there is no orders or interactions sheet to compute them from.
AGGREGATE_FIELDS: tuple[FieldSpec, ...] = (
    _f(
        "purchase_count",
        "count",
        "购买次数",
        "Purchases",
        "消费次数",
        "购买频次",
        "订单数",
        "订单数量",
        "成交次数",
        "purchase count",
        "orders",
        "order count",
        "frequency",
    ),
    _f(
        "total_amount",
        "amount",
        "消费总额",
        "Total spent",
        "消费金额",
        "累计消费",
        "累计消费金额",
        "总消费",
        "总金额",
        "购买总额",
        "成交金额",
        "total amount",
        "total spend",
        "monetary",
        "spend",
    ),
    _f(
        "avg_amount",
        "amount",
        "平均消费额",
        "Average order value",
        "平均消费",
        "客单价",
        "平均订单金额",
        "平均消费金额",
        "aov",
        "average spend",
    ),
    _f(
        "last_purchase_at",
        "date",
        "最近购买日期",
        "Last purchase",
        "最近购买时间",
        "最后购买日期",
        "最后消费日期",
        "最近消费日期",
        "最近下单日期",
        "last order date",
        "last purchase date",
        "recency date",
    ),
    _f(
        "campaign_count",
        "count",
        "活动参与次数",
        "Campaigns joined",
        "参与活动次数",
        "活动次数",
        "campaigns",
        "campaign count",
    ),
    _f(
        "interaction_count",
        "count",
        "互动次数",
        "Interactions",
        "沟通次数",
        "联系次数",
        "咨询次数",
        "interaction count",
        "contacts",
    ),
    _f(
        "satisfaction",
        "score",
        "满意度评分",
        "Satisfaction",
        "满意度",
        "评分",
        "客户满意度",
        "satisfaction score",
        "csat",
    ),
    _f(
        "referral_count",
        "count",
        "推荐人数",
        "Referrals",
        "推荐次数",
        "转介绍人数",
        "referrals",
        "referral count",
    ),
    _f(
        "last_contact_at",
        "date",
        "最近互动日期",
        "Last contact",
        "最近联系日期",
        "最后联系日期",
        "最近沟通日期",
        "last contact date",
    ),
    _f(
        "refund_total",
        "amount",
        "累计退款金额",
        "Total refunded",
        "退款总额",
        "累计退款",
        "total refunded",
    ),
)

ORDER_FIELDS: tuple[FieldSpec, ...] = (
    _f(
        "order_id",
        "id",
        "订单号",
        "Order ID",
        "订单编号",
        "订单ID",
        "单号",
        "订单号码",
        "交易号",
        "交易单号",
        "流水号",
        "order no",
        "order number",
        "invoice no",
        "invoice number",
        "invoice",
        "transaction id",
        "receipt no",
    ),
    _f("customer_id", "id", "客户ID", "Customer ID", *_LINKED_ID_ALIASES),
    _f(
        "date",
        "date",
        "购买日期",
        "Date",
        "下单日期",
        "下单时间",
        "订单日期",
        "购买时间",
        "交易日期",
        "交易时间",
        "成交日期",
        "日期",
        "付款时间",
        "支付时间",
        "order date",
        "purchase date",
        "invoice date",
        "transaction date",
        "sale date",
        "created at",
    ),
    _f(
        "product",
        "text",
        "产品",
        "Product",
        "商品",
        "商品名称",
        "产品名称",
        "购买产品",
        "品名",
        "商品标题",
        "宝贝标题",
        "item",
        "product name",
        "description",
        "item name",
        "sku",
    ),
    _f(
        "amount",
        "amount",
        "金额",
        "Amount",
        *AMOUNT_PREFERENCE,  # what the buyer finally paid outranks what was due
        "购买金额",
        "消费金额",
        "订单金额",
        "销售金额",
        "应付金额",
        "应收金额",
        "商品金额",
        "总价",
        "小计",
        "paid",
        "order amount",
        "order total",
        "sales",
        "revenue",
        "total",
        "subtotal",
        "line total",
    ),
    _f("quantity", "number", "数量", "Quantity", "购买数量", "商品数量", "件数", "qty"),
    _f("unit_price", "amount", "单价", "Unit price", "价格", "售价", "商品单价", "price"),
    _f("payment_method", "text", "支付方式", "Payment method", "付款方式", "payment"),
    _f("channel", "text", "渠道", "Channel", "销售渠道", "购买渠道", "下单渠道", "平台"),
    _f("status", "text", "订单状态", "Status", "状态", "交易状态", "order status"),
    # 抖店 and 拼多多 keep the refund of a delivered order apart from 订单状态
    _f("after_sale_status", "text", "售后状态", "After-sale status", "退款状态", "refund status"),
    # --- fields of platform order exports (淘宝, 京东, Shopify ...): see custgrade/layouts/
    _f(
        "order_total",
        "amount",
        "订单总额",
        "Order total",
        "订单实付金额",
        "订单应付金额",
        "order amount total",
    ),
    _f(
        "refund_amount",
        "amount",
        "退款金额",
        "Refunded amount",
        "已退款金额",
        "累计退款金额",
        "退款总额",
        "refund",
        "refunded",
        "refund amount",
    ),
    _f("cancelled_at", "date", "取消时间", "Cancelled at", "订单取消时间", "cancelled date"),
    _f("currency", "text", "币种", "Currency", "货币", "币别", "currency code"),
    _f("name", "text", "买家姓名", "Buyer name", "收货人", "收货人姓名", "收件人", "客户姓名"),
    _f(
        "phone",
        "phone",
        "买家电话",
        "Buyer phone",
        "收货人手机号",
        "收货人电话",
        "收件人手机号",
        "收件人电话",
        "联系手机",
        "联系电话",
        "手机号",
        "手机号码",
        "手机",
        "电话",
        "phone",
        "billing phone",
        "shipping phone",
    ),
    _f("email", "email", "买家邮箱", "Buyer email", "电子邮箱", "邮箱"),
    _f("address", "text", "收货地址", "Shipping address", "收件地址", "详细地址"),
    _f("region", "text", "收货地区", "Shipping region", "省份", "城市"),
)

#: Order fields that only platform exports carry: kept out of the input template.
EXPORT_ONLY_ORDER_FIELDS: frozenset[str] = frozenset(
    {
        "order_total",
        "after_sale_status",
        "refund_amount",
        "cancelled_at",
        "currency",
        "name",
        "phone",
        "email",
        "address",
        "region",
    }
)

INTERACTION_FIELDS: tuple[FieldSpec, ...] = (
    _f("customer_id", "id", "客户ID", "Customer ID", *_LINKED_ID_ALIASES),
    _f(
        "date",
        "date",
        "互动日期",
        "Date",
        "日期",
        "时间",
        "互动时间",
        "联系日期",
        "沟通日期",
        "活动日期",
        "interaction date",
    ),
    _f("type", "text", "互动类型", "Type", "类型", "互动方式", "事项", "interaction type"),
    _f("channel", "text", "渠道", "Channel", "互动渠道", "联系渠道", "沟通渠道"),
    _f("satisfaction", "score", "满意度", "Satisfaction", "满意度评分", "评分", "打分", "rating"),
    _f("content", "text", "内容", "Content", "互动内容", "沟通内容", "详情", "记录", "description"),
)

FIELDS_BY_SHEET: dict[SheetKind, tuple[FieldSpec, ...]] = {
    "customers": CUSTOMER_FIELDS + AGGREGATE_FIELDS,
    "orders": ORDER_FIELDS,
    "interactions": INTERACTION_FIELDS,
}

#: Sheet names that hint at a kind; recognition is by columns first.
SHEET_NAME_HINTS: dict[SheetKind, tuple[str, ...]] = {
    "customers": (
        "客户",
        "会员",
        "基本信息",
        "客户信息",
        "customers",
        "customer",
        "members",
        "clients",
    ),
    "orders": ("购买记录", "订单", "销售", "交易", "orders", "order", "sales", "purchases"),
    "interactions": ("互动记录", "互动", "沟通", "回访", "interactions", "contacts", "activities"),
}

_PUNCT = re.compile(r"[\s_\-:：()（）\[\]【】/\\.。*#]+")
# a unit or note in brackets at the end of a header: 金额（元）, 商品数量(件), Amount [USD]
_BRACKETED_TAIL = re.compile(r"\s*[(（\[【][^()（）\[\]【】]{0,12}[)）\]】]\s*$")


def normalize_header(text: object) -> str:
    """Fold a header cell for alias lookup: NFKC, lower case, no spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return _PUNCT.sub("", folded)


def header_variants(text: object) -> tuple[str, ...]:
    """The folded header, then the folded header without a bracketed unit (金额（元） → 金额)."""
    full = normalize_header(text)
    bare = normalize_header(_BRACKETED_TAIL.sub("", unicodedata.normalize("NFKC", str(text))))
    return (full, bare) if bare and bare != full else (full,)


def alias_table(kind: SheetKind) -> dict[str, str]:
    """Map every normalised alias of a sheet kind to its canonical field name."""
    return {alias: field for alias, (field, _rank) in ranked_alias_table(kind).items()}


def ranked_alias_table(kind: SheetKind) -> dict[str, tuple[str, int]]:
    """Every normalised alias of a sheet kind -> (canonical field, rank; lower is better).

    When two columns name one field, the column whose header ranks better
    wins and the other is carried through: 实付金额 beats 应付金额 for the
    amount, a field's own label beats a loose synonym.
    """
    preferred = {normalize_header(a): i for i, a in enumerate(AMOUNT_PREFERENCE)}
    table: dict[str, tuple[str, int]] = {}
    for spec in FIELDS_BY_SHEET[kind]:
        for position, alias in enumerate(spec.aliases):
            folded = normalize_header(alias)
            rank = preferred.get(folded, len(preferred) + position)
            if spec.name != "amount":
                rank = position
            table.setdefault(folded, (spec.name, rank))
    return table


def field_spec(kind: SheetKind, name: str) -> FieldSpec:
    """The spec of a canonical field of a sheet kind."""
    for spec in FIELDS_BY_SHEET[kind]:
        if spec.name == name:
            return spec
    raise KeyError(f"{kind}.{name}")
