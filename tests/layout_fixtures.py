"""Fixture workbooks of the known export layouts, built from their published header lists.

Each fixture states a few buyers' orders once, as plain facts (who, when, which lines, how
the platform marked the order, what was refunded); a per-layout renderer writes them the way
that platform exports them (order or line level, totals repeated or on the first line only,
masked phones, ="…" wrapped order numbers, timestamps with UTC offsets).  The expected
per-customer measures are computed from the facts, never from the code under test.

All names, phones and addresses are made up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import xlsxwriter

Treatment = str  # "counted" | "cancelled" | "unpaid" | "refunded"


@dataclass(frozen=True)
class Line:
    """One item of an order; a negative quantity is a returned item."""

    product: str
    quantity: int
    unit_price: float

    @property
    def amount(self) -> float:
        return self.quantity * self.unit_price


@dataclass(frozen=True)
class Order:
    """One order as the buyer placed it, and what became of it."""

    order_id: str
    buyer: str  # the key the test compares on (buyer account, e-mail or receiver name)
    placed: dt.datetime  # local time of the shop
    lines: tuple[Line, ...]
    treatment: Treatment
    status: str  # the word the platform writes
    refund: float = 0.0  # partial refund that nets out (counted orders only)
    name: str = ""
    phone: str = ""
    address: str = ""

    @property
    def paid(self) -> float:
        """What the buyer paid: nothing for an unpaid order."""
        return 0.0 if self.treatment == "unpaid" else sum(x.amount for x in self.lines)


@dataclass(frozen=True)
class Expected:
    purchase_count: int
    net_amount: float
    last_purchase_at: dt.date | None


@dataclass
class Fixture:
    """A layout's fixture: the header as exported, its rows and the expected measures."""

    layout: str
    key: str  # column of result.customers to compare on
    header: list[str]
    rows: list[list[object]]
    expected: dict[str, Expected] = field(default_factory=dict)
    orders: list[Order] = field(default_factory=list)

    def write(self, path: Path, sheet: str = "Sheet1") -> Path:
        """Write the fixture as a one-sheet workbook (text stays text, dates are dates)."""
        workbook = xlsxwriter.Workbook(path)
        fmt = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        ws = workbook.add_worksheet(sheet)
        for c, head in enumerate(self.header):
            ws.write_string(0, c, head)
        for r, row in enumerate(self.rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, dt.datetime):
                    ws.write_datetime(r, c, value, fmt)
                elif isinstance(value, str):
                    if value:
                        ws.write_string(r, c, value)
                elif value is not None:
                    ws.write_number(r, c, value)
        workbook.close()
        return path


def expected_from_orders(orders: list[Order]) -> dict[str, Expected]:
    """Per buyer: effective purchases, net spend and last purchase date, from the facts.

    Refunded and cancelled orders count 0, unpaid ones are no purchase, a partial refund
    nets out, an order whose lines are all returns is no purchase but nets out.
    """
    result: dict[str, Expected] = {}
    for buyer in sorted({o.buyer for o in orders}):
        mine = [o for o in orders if o.buyer == buyer and o.treatment == "counted"]
        bought = [o for o in mine if o.paid > 0]
        net = sum(o.paid - o.refund for o in mine)
        last = max((o.placed.date() for o in bought), default=None)
        result[buyer] = Expected(len(bought), round(net, 2), last)
    return result


def _table(header: list[str], dicts: list[dict[str, object]]) -> list[list[object]]:
    unknown = {k for d in dicts for k in d} - set(header)
    assert not unknown, f"fixture writes columns outside its header: {unknown}"
    return [[d.get(h, "") for h in header] for d in dicts]


def _orders_fixture(
    layout: str,
    key: str,
    header: list[str],
    orders: list[Order],
    render: Callable[[Order], list[dict[str, object]]],
) -> Fixture:
    rows = _table(header, [row for order in orders for row in render(order)])
    return Fixture(layout, key, header, rows, expected_from_orders(orders), orders)


def _ts(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


D = dt.datetime
ZHANG = {"name": "张晓明", "phone": "13800138001", "address": "浙江省 杭州市 西湖区 文三路 100 号"}
LI = {"name": "李婷", "phone": "13900139002", "address": "广东省 深圳市 南山区 科技园 8 栋"}
WANG = {"name": "王磊", "phone": "13700137003", "address": "北京市 朝阳区 望京街 9 号"}


def _masked(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"


# --- 淘宝/天猫: one row per order ---------------------------------------------------------

TAOBAO_HEADER = [
    "订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "买家支付积分",
    "总金额", "返点积分", "买家实际支付金额", "买家实际支付积分", "订单状态", "买家留言",
    "收货人姓名", "收货地址 ", "运送方式", "联系电话 ", "联系手机", "订单创建时间",
    "订单付款时间 ", "宝贝标题 ", "宝贝种类 ", "物流单号 ", "物流公司", "订单备注", "宝贝总数量",
    "店铺Id", "店铺名称", "订单关闭原因", "退款金额",
]  # fmt: skip


def taobao_orders() -> Fixture:
    """Order level; 交易关闭 after a full refund; 等待买家付款; a partial 退款金额."""
    orders = [
        Order("1930679858170647", "tb_xiaoming", D(2024, 5, 3, 22, 2, 11),
              (Line("羽绒服 男款 加厚", 1, 598.0),), "counted", "交易成功", 0.0, **ZHANG),
        Order("1930679858170648", "tb_xiaoming", D(2024, 6, 18, 9, 30, 0),
              (Line("围巾 羊绒", 2, 129.0),), "counted", "卖家已发货，等待买家确认", 50.0, **ZHANG),
        Order("1930679858170649", "tb_xiaoming", D(2024, 7, 1, 10, 0, 0),
              (Line("手套", 1, 89.0),), "cancelled", "交易关闭", **ZHANG),
        Order("2001234567890001", "婷婷爱购物", D(2024, 6, 1, 12, 0, 0),
              (Line("连衣裙", 1, 299.0),), "counted", "买家已付款，等待卖家发货", **LI),
        Order("2001234567890002", "婷婷爱购物", D(2024, 7, 2, 8, 15, 0),
              (Line("凉鞋", 1, 199.0),), "unpaid", "等待买家付款", **LI),
    ]  # fmt: skip

    def render(o: Order) -> list[dict[str, object]]:
        goods = sum(x.amount for x in o.lines)
        return [{
            "订单编号": f'="{o.order_id}"', "买家会员名": o.buyer,
            "买家支付宝账号": f"{o.phone[:3]}****{o.phone[-4:]}", "买家应付货款": goods,
            "买家应付邮费": 0, "买家支付积分": 0, "总金额": goods, "返点积分": 0,
            "买家实际支付金额": o.paid, "买家实际支付积分": 0, "订单状态": o.status,
            "收货人姓名": o.name, "收货地址 ": o.address, "运送方式": "快递",
            "联系手机": _masked(o.phone), "订单创建时间": _ts(o.placed),
            "订单付款时间 ": "" if o.treatment == "unpaid" else _ts(o.placed),
            "宝贝标题 ": o.lines[0].product, "宝贝种类 ": len(o.lines),
            "宝贝总数量": sum(x.quantity for x in o.lines), "店铺Id": "", "店铺名称": "示例旗舰店",
            "订单关闭原因": "买家申请退款" if o.status == "交易关闭" else "订单未关闭",
            "退款金额": o.refund,
        }]  # fmt: skip

    return _orders_fixture("taobao-orders", "customer_id", TAOBAO_HEADER, orders, render)


# --- 京东: one row per item, 应付金额 repeated on every item row ------------------------------

JD_HEADER = [
    "订单号", "店铺名称", "商品ID", "商品名称", "订购数量", "京东价", "应付金额", "订单状态",
    "下单时间", "下单帐号", "客户姓名", "客户地址", "联系电话", "仓库名称",
]  # fmt: skip


def jd_orders() -> Fixture:
    """Line level with the order total repeated; 已取消 and 等待付款 orders."""
    orders = [
        Order("285746391027", "jd_1380013", D(2024, 4, 10, 20, 1, 5),
              (Line("智能手环", 1, 249.0), Line("表带", 2, 39.0)), "counted", "完成", **ZHANG),
        Order("285746391028", "jd_1380013", D(2024, 6, 2, 9, 0, 0),
              (Line("蓝牙耳机", 1, 399.0),), "counted", "等待确认收货", **ZHANG),
        Order("285746391029", "jd_wanglei", D(2024, 5, 5, 11, 11, 11),
              (Line("电饭煲", 1, 599.0), Line("内胆", 1, 99.0), Line("蒸架", 1, 19.0)),
              "counted", "等待出库", **WANG),
        Order("285746391030", "jd_wanglei", D(2024, 6, 20, 14, 0, 0),
              (Line("空气炸锅", 1, 459.0),), "cancelled", "已取消", **WANG),
        Order("285746391031", "jd_wanglei", D(2024, 6, 21, 14, 0, 0),
              (Line("榨汁机", 1, 199.0),), "unpaid", "等待付款", **WANG),
    ]  # fmt: skip

    def render(o: Order) -> list[dict[str, object]]:
        total = sum(x.amount for x in o.lines)
        return [{
            "订单号": o.order_id, "店铺名称": "示例京东自营专区", "商品ID": f"1000{i}",
            "商品名称": x.product, "订购数量": x.quantity, "京东价": x.unit_price,
            "应付金额": total, "订单状态": o.status, "下单时间": _ts(o.placed),
            "下单帐号": o.buyer, "客户姓名": o.name, "客户地址": o.address,
            "联系电话": _masked(o.phone), "仓库名称": "华东仓",
        } for i, x in enumerate(o.lines)]  # fmt: skip

    return _orders_fixture("jd-orders", "customer_id", JD_HEADER, orders, render)


# --- 抖店: one row per sub-order, 订单应付金额 on every row of its main order ---------------

DOUYIN_HEADER = [
    "主订单编号", "子订单编号", "选购商品", "商品ID", "商品数量", "商品金额", "订单应付金额",
    "订单提交时间", "支付完成时间", "订单完成时间", "订单状态", "取消原因", "售后状态",
    "订单类型", "收件人", "收件人手机号", "详细地址",
]  # fmt: skip


def douyin_orders() -> Fixture:
    """Line level, masked receiver phones, no buyer account: buyers are receivers."""
    orders = [
        Order("6920000000000000001", "张晓明", D(2024, 3, 8, 19, 45, 0),
              (Line("零食大礼包", 2, 59.9), Line("坚果", 1, 39.9)), "counted", "已完成", **ZHANG),
        Order("6920000000000000002", "张晓明", D(2024, 5, 20, 21, 0, 0),
              (Line("保温杯", 1, 89.0),), "counted", "已发货", **ZHANG),
        Order("6920000000000000003", "李婷", D(2024, 4, 1, 10, 0, 0),
              (Line("面膜", 3, 29.9),), "refunded", "已关闭", **LI),
        Order("6920000000000000004", "李婷", D(2024, 5, 1, 10, 0, 0),
              (Line("口红", 1, 159.0),), "counted", "备货中", **LI),
        Order("6920000000000000005", "李婷", D(2024, 5, 2, 10, 0, 0),
              (Line("眼影", 1, 99.0),), "unpaid", "待支付", **LI),
    ]  # fmt: skip

    def render(o: Order) -> list[dict[str, object]]:
        total = sum(x.amount for x in o.lines)
        paid = "" if o.treatment == "unpaid" else _ts(o.placed)
        return [{
            "主订单编号": o.order_id, "子订单编号": f"{o.order_id[:-1]}{i + 5}",
            "选购商品": x.product, "商品ID": f"3600{i}", "商品数量": x.quantity,
            "商品金额": x.unit_price, "订单应付金额": total, "订单提交时间": _ts(o.placed),
            "支付完成时间": paid, "订单状态": o.status,
            "售后状态": "退款成功" if o.treatment == "refunded" else "",
            "订单类型": "普通订单", "收件人": o.name, "收件人手机号": _masked(o.phone),
            "详细地址": o.address,
        } for i, x in enumerate(o.lines)]  # fmt: skip

    return _orders_fixture("douyin-orders", "name", DOUYIN_HEADER, orders, render)


# --- 拼多多: one row per order, units in the money headers ----------------------------------

PDD_HEADER = [
    "商品", "订单号", "订单状态", "商品总价(元)", "邮费(元)", "店铺优惠折扣(元)",
    "平台优惠折扣(元)", "用户实付金额(元)", "商家实收金额(元)", "商品数量(件)", "订单成交时间",
    "发货时间", "确认收货时间", "商品id", "售后状态", "收货人", "手机", "详细地址", "退款金额(元)",
]  # fmt: skip


def pdd_orders() -> Fixture:
    """Order level; 已发货，退款成功 counts 0; a partial 退款金额(元) nets out; 已取消."""
    orders = [
        Order("240501-123456789012345", "王磊", D(2024, 5, 1, 8, 0, 0),
              (Line("抽纸 24包", 2, 19.9),), "counted", "已签收", 5.0, **WANG),
        Order("240520-123456789012346", "王磊", D(2024, 5, 20, 8, 0, 0),
              (Line("洗衣液", 1, 49.9),), "counted", "已发货，待签收", **WANG),
        Order("240601-123456789012347", "王磊", D(2024, 6, 1, 8, 0, 0),
              (Line("拖把", 1, 35.0),), "refunded", "已发货，退款成功", **WANG),
        Order("240602-123456789012348", "李婷", D(2024, 6, 2, 8, 0, 0),
              (Line("衣架 20个", 1, 15.8),), "counted", "待发货", **LI),
        Order("240603-123456789012349", "李婷", D(2024, 6, 3, 8, 0, 0),
              (Line("收纳箱", 1, 29.9),), "cancelled", "已取消", **LI),
    ]  # fmt: skip

    def render(o: Order) -> list[dict[str, object]]:
        goods = sum(x.amount for x in o.lines)
        return [{
            "商品": o.lines[0].product, "订单号": o.order_id, "订单状态": o.status,
            "商品总价(元)": goods, "邮费(元)": 0, "店铺优惠折扣(元)": 0, "平台优惠折扣(元)": 0,
            "用户实付金额(元)": o.paid, "商家实收金额(元)": o.paid,
            "商品数量(件)": o.lines[0].quantity, "订单成交时间": _ts(o.placed),
            "商品id": "5500001", "售后状态": "退款成功" if o.refund or o.treatment == "refunded"
            else "无售后或售后取消", "收货人": o.name, "手机": _masked(o.phone),
            "详细地址": o.address,
            "退款金额(元)": o.paid if o.treatment == "refunded" else o.refund,
        }]  # fmt: skip

    return _orders_fixture("pdd-orders", "name", PDD_HEADER, orders, render)


# --- Shopify orders: one row per line item, order values on the first line only ----------

SHOPIFY_ORDERS_HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
    "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code",
    "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable",
    "Lineitem fulfillment status", "Billing Name", "Billing Address1", "Billing City",
    "Billing Country", "Billing Phone", "Shipping Name", "Notes", "Cancelled at",
    "Payment Method", "Refunded Amount", "Vendor", "Outstanding Balance", "Id", "Tags",
    "Risk Level", "Source",
]  # fmt: skip


def _shopify_ts(value: dt.datetime) -> str:
    # the shop's offset: -0700 in summer (PDT), -0800 in winter (PST)
    offset = "-0700" if 3 <= value.month <= 10 else "-0800"
    return f"{_ts(value)} {offset}"


def shopify_orders() -> Fixture:
    """Line level; offsets -0700/-0800; voided + Cancelled at; refunded; partially_refunded."""
    ann = {"name": "Ann Lee", "phone": "+1 415 555 0101", "address": "1 Market St"}
    bob = {"name": "Bob Stone", "phone": "+1 212 555 0199", "address": "9 Broadway"}
    orders = [
        Order("#1001", "ann@example.com", D(2024, 2, 27, 23, 40, 0),
              (Line("Wool Beanie", 2, 25.0), Line("Scarf", 1, 40.0)), "counted", "paid", **ann),
        Order("#1002", "ann@example.com", D(2024, 3, 5, 14, 23, 11),
              (Line("Rain Jacket", 1, 120.0),), "counted", "partially_refunded", 30.0, **ann),
        Order("#1003", "ann@example.com", D(2024, 3, 9, 9, 0, 0),
              (Line("Gloves", 1, 35.0),), "cancelled", "voided", **ann),
        Order("#1004", "bob@example.com", D(2024, 3, 10, 18, 5, 0),
              (Line("Boots", 1, 150.0),), "refunded", "refunded", **bob),
        Order("#1005", "bob@example.com", D(2024, 3, 11, 8, 0, 0),
              (Line("Socks", 3, 8.0),), "counted", "paid", **bob),
        Order("#1006", "bob@example.com", D(2024, 3, 12, 8, 0, 0),
              (Line("Cap", 1, 20.0),), "unpaid", "pending", **bob),
    ]  # fmt: skip

    def render(o: Order) -> list[dict[str, object]]:
        total = sum(x.amount for x in o.lines)
        refunded = total if o.treatment == "refunded" else o.refund
        first: dict[str, object] = {
            "Financial Status": o.status, "Paid at": "" if o.treatment == "unpaid"
            else _shopify_ts(o.placed), "Fulfillment Status": "fulfilled"
            if o.treatment == "counted" else "unfulfilled", "Accepts Marketing": "no",
            "Currency": "USD", "Subtotal": total, "Shipping": 0, "Taxes": 0, "Total": total,
            "Discount Amount": 0, "Billing Name": o.name, "Billing Address1": o.address,
            "Billing City": "San Francisco", "Billing Country": "US", "Billing Phone": o.phone,
            "Shipping Name": o.name, "Cancelled at": _shopify_ts(o.placed)
            if o.treatment == "cancelled" else "", "Payment Method": "Shopify Payments",
            "Refunded Amount": refunded, "Outstanding Balance": 0,
            "Id": 5_600_000_000 + int(o.order_id[1:]), "Risk Level": "Low", "Source": "web",
        }  # fmt: skip
        rows = []
        for i, x in enumerate(o.lines):
            row: dict[str, object] = {
                "Name": o.order_id, "Email": o.buyer, "Created at": _shopify_ts(o.placed),
                "Lineitem quantity": x.quantity, "Lineitem name": x.product,
                "Lineitem price": x.unit_price, "Lineitem sku": f"SKU-{i}",
                "Lineitem requires shipping": "true", "Lineitem taxable": "true",
                "Lineitem fulfillment status": "pending", "Vendor": "Demo Store",
            }  # fmt: skip
            rows.append({**row, **first} if i == 0 else row)
        return rows

    return _orders_fixture("shopify-orders", "customer_id", SHOPIFY_ORDERS_HEADER, orders, render)


# --- Online Retail: invoice lines, "C" invoices with negative quantities are returns -------

ONLINE_RETAIL_HEADER = [
    "InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
    "CustomerID", "Country",
]  # fmt: skip


def online_retail() -> Fixture:
    """Line level, amount = Quantity x UnitPrice, a cancellation invoice nets out."""
    orders = [
        Order("536365", "17850", D(2010, 12, 1, 8, 26),
              (Line("WHITE HANGING HEART T-LIGHT HOLDER", 6, 2.55),
               Line("WHITE METAL LANTERN", 6, 3.39)), "counted", ""),
        Order("536366", "17850", D(2010, 12, 3, 9, 2),
              (Line("HAND WARMER UNION JACK", 6, 1.85),), "counted", ""),
        Order("C536379", "17850", D(2010, 12, 4, 9, 41),
              (Line("WHITE METAL LANTERN", -2, 3.39),), "counted", ""),
        Order("536370", "12583", D(2010, 12, 1, 8, 45),
              (Line("ALARM CLOCK BAKELIKE PINK", 24, 3.75),
               Line("ALARM CLOCK BAKELIKE RED", 24, 3.75)), "counted", ""),
    ]  # fmt: skip

    def render(o: Order) -> list[dict[str, object]]:
        return [{
            "InvoiceNo": o.order_id, "StockCode": f"8512{i}A", "Description": x.product,
            "Quantity": x.quantity, "InvoiceDate": o.placed, "UnitPrice": x.unit_price,
            "CustomerID": int(o.buyer), "Country": "United Kingdom" if o.buyer == "17850"
            else "France",
        } for i, x in enumerate(o.lines)]  # fmt: skip

    return _orders_fixture("online-retail", "customer_id", ONLINE_RETAIL_HEADER, orders, render)


# --- customer exports: aggregates as the platform keeps them -------------------------------


def _customers_fixture(
    layout: str, key: str, header: list[str], rows: list[dict[str, object]],
    expected: dict[str, Expected],
) -> Fixture:  # fmt: skip
    return Fixture(layout, key, header, _table(header, rows), expected)


SHOPIFY_CUSTOMERS_HEADER = [
    "Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing",
    "Default Address Company", "Default Address Address1", "Default Address Address2",
    "Default Address City", "Default Address Province Code", "Default Address Country Code",
    "Default Address Zip", "Default Address Phone", "Phone", "Accepts SMS Marketing",
    "Total Spent", "Total Orders", "Note", "Tax Exempt", "Tags",
]  # fmt: skip


def shopify_customers() -> Fixture:
    """Name split in two, lifetime aggregates, no last-order date."""
    rows: list[dict[str, object]] = [
        {"Customer ID": "7012345678901", "First Name": "Ann", "Last Name": "Lee",
         "Email": "ann@example.com", "Accepts Email Marketing": "yes",
         "Default Address Address1": "1 Market St", "Default Address City": "San Francisco",
         "Default Address Province Code": "CA", "Default Address Country Code": "US",
         "Default Address Zip": "94105", "Phone": "+14155550101",
         "Accepts SMS Marketing": "no", "Total Spent": 245.0, "Total Orders": 3,
         "Tax Exempt": "no", "Tags": "vip, newsletter"},
        {"Customer ID": "7012345678902", "First Name": "Bob", "Last Name": "Stone",
         "Email": "bob@example.com", "Accepts Email Marketing": "no",
         "Default Address Address1": "9 Broadway", "Default Address City": "New York",
         "Total Spent": 24.0, "Total Orders": 1, "Tax Exempt": "no"},
        {"Customer ID": "7012345678903", "First Name": "Cy", "Last Name": "",
         "Email": "cy@example.com", "Total Spent": 0, "Total Orders": 0, "Tax Exempt": "no"},
    ]  # fmt: skip
    expected = {
        "7012345678901": Expected(3, 245.0, None),
        "7012345678902": Expected(1, 24.0, None),
        "7012345678903": Expected(0, 0.0, None),
    }
    return _customers_fixture(
        "shopify-customers", "customer_id", SHOPIFY_CUSTOMERS_HEADER, rows, expected
    )


WOOCOMMERCE_CUSTOMERS_HEADER = [
    "Name", "Username", "Last active", "Date registered", "Email", "Orders", "Total spend",
    "AOV", "Country / Region", "City", "Region", "Postal code",
]  # fmt: skip


def woocommerce_customers() -> Fixture:
    """Orders, Total spend, AOV, Last active; a guest without Username."""
    rows: list[dict[str, object]] = [
        {"Name": "Maria Garcia", "Username": "mgarcia", "Last active": "2024-06-01",
         "Date registered": "2022-01-15", "Email": "maria@example.com", "Orders": 7,
         "Total spend": 812.5, "AOV": 116.07, "Country / Region": "ES", "City": "Madrid",
         "Postal code": "28001"},
        {"Name": "Tom Baker", "Username": "tbaker", "Last active": "2024-03-20",
         "Date registered": "2023-11-02", "Email": "tom@example.com", "Orders": 2,
         "Total spend": 60.0, "AOV": 30.0, "Country / Region": "GB", "City": "Leeds"},
        {"Name": "Guest Buyer", "Username": "", "Last active": "2024-05-05",
         "Date registered": "", "Email": "guest@example.com", "Orders": 1,
         "Total spend": 19.99, "AOV": 19.99, "Country / Region": "US"},
    ]  # fmt: skip
    expected = {
        "Maria Garcia": Expected(7, 812.5, dt.date(2024, 6, 1)),
        "Tom Baker": Expected(2, 60.0, dt.date(2024, 3, 20)),
        "Guest Buyer": Expected(1, 19.99, dt.date(2024, 5, 5)),
    }
    return _customers_fixture(
        "woocommerce-customers", "name", WOOCOMMERCE_CUSTOMERS_HEADER, rows, expected
    )


YOUZAN_CUSTOMERS_HEADER = [
    "客户姓名", "客户昵称", "客户手机号", "免费等级", "付费等级", "客户积分", "客户储值余额",
    "消费次数", "消费金额", "累计退款金额", "上次消费时间", "成为客户时间",
]  # fmt: skip


def youzan_customers() -> Fixture:
    """客户手机号 is the only key; a row with a phone and no name is a customer too."""
    rows: list[dict[str, object]] = [
        {"客户姓名": "陈静", "客户昵称": "静静", "客户手机号": "13500135000", "免费等级": "VIP1",
         "客户积分": 320, "客户储值余额": 0, "消费次数": 5, "消费金额": 1260.0,
         "累计退款金额": 160.0, "上次消费时间": "2024-06-18 20:11:09",
         "成为客户时间": "2023-02-01 10:00:00"},
        {"客户姓名": "赵强", "客户昵称": "强子", "客户手机号": "13600136000", "消费次数": 1,
         "消费金额": 88.0, "累计退款金额": 0, "上次消费时间": "2024-04-02 09:00:00",
         "成为客户时间": "2024-04-02 08:55:00"},
        {"客户姓名": "", "客户昵称": "", "客户手机号": "13700137000", "消费次数": 2,
         "消费金额": 300.0, "累计退款金额": 0, "上次消费时间": "2024-05-01 12:00:00",
         "成为客户时间": "2024-01-01 12:00:00"},
    ]  # fmt: skip
    expected = {
        "陈静": Expected(5, 1100.0, dt.date(2024, 6, 18)),
        "赵强": Expected(1, 88.0, dt.date(2024, 4, 2)),
    }
    return _customers_fixture("youzan-customers", "name", YOUZAN_CUSTOMERS_HEADER, rows, expected)


HUBSPOT_HEADER = [
    "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name",
    "Contact owner", "Lifecycle Stage", "Lead Status", "Create Date", "Last Activity Date",
    "Number of Sales Activities", "City", "Country/Region", "Original Source",
]  # fmt: skip


def hubspot_contacts() -> Fixture:
    """Contacts without purchase data: every contact is graded, none is rejected."""
    rows: list[dict[str, object]] = [
        {"Record ID": "51", "First Name": "Lena", "Last Name": "Fischer",
         "Email": "lena@example.com", "Phone Number": "+49 30 1234567",
         "Company Name": "Fischer GmbH", "Contact owner": "Sam Sales",
         "Lifecycle Stage": "Customer", "Lead Status": "Connected",
         "Create Date": "2023-09-14 10:22", "Last Activity Date": "2024-05-30 16:00",
         "Number of Sales Activities": 6, "City": "Berlin", "Country/Region": "Germany",
         "Original Source": "Organic search"},
        {"Record ID": "52", "First Name": "", "Last Name": "", "Email": "info@example.org",
         "Lifecycle Stage": "Lead", "Create Date": "2024-02-01 09:00",
         "Number of Sales Activities": 0, "Original Source": "Direct traffic"},
    ]  # fmt: skip
    return _customers_fixture("hubspot-contacts", "customer_id", HUBSPOT_HEADER, rows, {})


FIXTURES: dict[str, Callable[[], Fixture]] = {
    "taobao-orders": taobao_orders,
    "jd-orders": jd_orders,
    "douyin-orders": douyin_orders,
    "pdd-orders": pdd_orders,
    "shopify-orders": shopify_orders,
    "online-retail": online_retail,
    "shopify-customers": shopify_customers,
    "woocommerce-customers": woocommerce_customers,
    "youzan-customers": youzan_customers,
    "hubspot-contacts": hubspot_contacts,
}


def measures_by_key(customers: pd.DataFrame, key: str) -> dict[str, Expected]:
    """The graded customers' purchase count, net spend and last purchase date, by key.

    A missing value stays visible (-1 purchases, NaN spend) instead of failing the read.
    """
    table = customers[[key, "purchase_count", "net_amount", "last_purchase_at"]]
    out: dict[str, Expected] = {}
    for ident, count, net, last in table.itertuples(index=False):
        out[str(ident)] = Expected(
            -1 if pd.isna(count) else int(count),
            round(float(net), 2),
            None if pd.isna(last) else pd.Timestamp(last).date(),
        )
    return out
