"""Pydantic models of customer, order and interaction rows.

The models say what a valid, normalised value is (ranges, allowed words);
`custgrade.validate` checks whole columns against them in batch, one
``TypeAdapter(list[...])`` per field, which is what makes validating a
million order rows take a fraction of a second instead of the 5–10 s that
building one model object per row costs.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, Field, TypeAdapter

Count = Annotated[int, Field(ge=0, le=10_000_000)]


class CustomerRow(BaseModel):
    """A customer after normalisation: every field optional except identity."""

    customer_id: str | None = Field(default=None, max_length=100, description="客户ID")
    name: str | None = Field(default=None, max_length=200, description="客户姓名")
    gender: Literal["男", "女"] | None = Field(default=None, description="性别")
    age: Annotated[int, Field(ge=0, le=120)] | None = Field(default=None, description="年龄")
    phone: str | None = Field(default=None, max_length=20, description="联系电话（规范格式）")
    email: str | None = Field(default=None, max_length=254, description="电子邮箱（小写）")
    registered_at: dt.datetime | None = Field(default=None, description="注册日期")
    purchase_count: Count | None = Field(default=None, description="购买次数")
    total_amount: float | None = Field(default=None, description="消费总额（元）")
    avg_amount: float | None = Field(default=None, description="平均消费额（元）")
    last_purchase_at: dt.datetime | None = Field(default=None, description="最近购买日期")
    campaign_count: Count | None = Field(default=None, description="活动参与次数")
    interaction_count: Count | None = Field(default=None, description="互动次数")
    satisfaction: Annotated[float, Field(ge=0, le=100)] | None = Field(
        default=None, description="满意度（1–5、1–10 或 0–100 分制）"
    )
    referral_count: Count | None = Field(default=None, description="推荐人数")
    last_contact_at: dt.datetime | None = Field(default=None, description="最近互动日期")


class OrderRow(BaseModel):
    """One order line; refunds may carry a negative amount."""

    order_id: str | None = Field(default=None, max_length=100, description="订单号")
    customer_id: str = Field(max_length=100, description="客户ID")
    date: dt.datetime = Field(description="购买日期")
    amount: Annotated[float, Field(ge=-1e10, le=1e10)] = Field(description="金额（元）")
    quantity: Annotated[float, Field(ge=-1e7, le=1e7)] | None = Field(
        default=None, description="数量（负数为退货）"
    )
    unit_price: float | None = Field(default=None, description="单价（元）")
    status: str | None = Field(default=None, description="订单状态")


class InteractionRow(BaseModel):
    """One contact with the customer: a consultation, complaint, campaign, survey ..."""

    customer_id: str = Field(max_length=100, description="客户ID")
    date: dt.datetime = Field(description="互动日期")
    type: str | None = Field(default=None, description="互动类型")
    satisfaction: Annotated[float, Field(ge=0, le=100)] | None = Field(
        default=None, description="满意度（1–5、1–10 或 0–100 分制）"
    )


@cache
def column_adapter(model: type[BaseModel], field: str) -> TypeAdapter[list[Any]]:
    """A validator for a whole column of one model field (None allowed)."""
    info = model.model_fields[field]
    item: Any = cast(Any, info.annotation) | None
    if info.metadata:
        item = Annotated[(item, *info.metadata)]
    return TypeAdapter(list[item])
