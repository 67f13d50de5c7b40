"""The customer sheet of a CRM export, with the mess real exports have.

The clean customers become cells first (several phone and date styles,
some upper-case e-mails), then a small, counted set of problems is
planted: duplicates of five kinds, bad cells, placeholders, padded
values, a formula probe and a row with neither ID nor name.  Every
planted problem is recorded so a test can check the pipeline finds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from benchmarks import vocab
from benchmarks.customers import Customers, make_ids, pick
from benchmarks.formats import DATE_STYLES, PHONE_STYLES, format_date, format_phone
from benchmarks.sheets import DATE_FORMAT, Cell

HEADERS = [
    "客户编号",
    "客户名称",
    "性别",
    "年龄",
    "手机号",
    "邮箱",
    "地址",
    "城市",
    "行业",
    "客户来源",
    "注册日期",
    "客户经理",
    "备注",
]
WIDTHS = [11, 26, 6, 6, 18, 28, 44, 8, 10, 11, 12, 10, 24]
FORMATS: list[str | None] = [
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    DATE_FORMAT,
    None,
    None,
]
PLACEHOLDERS = ("无", "N/A", "-", "空")
BAD_EMAILS = ("abc@", "wang@@qq.com", "liu.qq.com", "zhang@163")
BAD_AGES = (250, -3, 999, 0)
BAD_PHONES = ("123", "1380013", "电话待补", "000000")
DUPLICATE_KINDS = (
    "exact_copy",
    "same_id_newer_value",
    "same_phone_other_format",
    "same_email_other_case",
    "company_suffix_variant",
)
Row = list[Cell]


@dataclass
class CustomerRows:
    """Customer rows in sheet order plus what was planted in them."""

    rows: list[Row]
    aliases: dict[int, int] = field(default_factory=dict)  # alias customer -> source customer
    alias_ids: list[str | int] = field(default_factory=list)
    planted: dict[str, Any] = field(default_factory=dict)
    marks: dict[int, str] = field(default_factory=dict)  # row index -> planted problem


def build_customer_rows(rng: np.random.Generator, c: Customers, numeric: bool) -> CustomerRows:
    """Clean cells for every customer, then the planted problems."""
    out = CustomerRows(rows=[_clean_row(rng, c, i) for i in range(len(c))])
    out.planted["phone_styles"] = _apply_phone_styles(rng, c, out.rows)
    out.planted["date_styles"] = _apply_date_styles(rng, c, out.rows)
    out.planted["upper_case_emails"] = _upper_case_emails(rng, out.rows)
    order = rng.permutation(len(c))
    quota = max(2, len(c) // 100)
    victims = _plant_bad_cells(c, out, order, max(2, len(c) // 200))
    out.planted["placeholders"] = _plant_placeholders(rng, out.rows)
    out.planted["padded_cells"] = _pad_values(rng, out.rows)
    probe = int(order[-1])
    out.rows[probe][12] = "=1+1"
    out.marks[probe] = "formula_probe"
    _plant_duplicates(rng, c, out, order[victims:-1], quota, numeric)
    return out


def _clean_row(rng: np.random.Generator, c: Customers, i: int) -> Row:
    person = not c.is_company[i]
    gender: Cell = None
    if person and rng.random() < 0.92:
        gender = (
            ("男" if c.male[i] else "女") if rng.random() < 0.92 else ("M" if c.male[i] else "F")
        )
    age: Cell = int(c.age[i]) if person and rng.random() < 0.9 else None
    city = str(c.city[i]) + ("市" if rng.random() < 0.8 else "")
    return [
        c.ids[i],
        str(c.name[i]),
        gender,
        age,
        str(c.phone[i]),
        str(c.email[i]) or None,
        str(c.address[i]),
        city,
        str(c.industry[i]) if rng.random() < 0.9 else None,
        str(c.source[i]),
        float(c.registered[i]),
        str(c.manager[i]),
        str(c.notes[i]) or None,
    ]


def _apply_phone_styles(rng: np.random.Generator, c: Customers, rows: list[Row]) -> dict[str, int]:
    styles = pick(rng, PHONE_STYLES, len(rows))
    counts: dict[str, int] = {}
    for i, s in enumerate(styles):
        name = PHONE_STYLES[s][0]
        rows[i][4] = format_phone(str(c.phone[i]), name)
        counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))


def _apply_date_styles(rng: np.random.Generator, c: Customers, rows: list[Row]) -> dict[str, int]:
    styles = pick(rng, DATE_STYLES, len(rows))
    for i, s in enumerate(styles):
        rows[i][10] = format_date(float(c.registered[i]), DATE_STYLES[s][0])
    return {DATE_STYLES[s][0]: int((styles == s).sum()) for s in range(len(DATE_STYLES))}


def _upper_case_emails(rng: np.random.Generator, rows: list[Row]) -> int:
    hits = [r for r in rows if r[5] and rng.random() < 0.03]
    for r in hits:
        r[5] = str(r[5]).upper()
    return len(hits)


def _plant_bad_cells(c: Customers, out: CustomerRows, order: Any, k: int) -> int:
    """Invalid e-mail, impossible age, too-short phone; returns how many rows it used."""
    people = [int(i) for i in order if not c.is_company[i] and out.rows[i][5]][: 3 * k]
    bad: dict[str, list[int]] = {
        "email": people[:k],
        "age": people[k : 2 * k],
        "phone": people[2 * k :],
    }
    for j, i in enumerate(bad["email"]):
        out.rows[i][5] = BAD_EMAILS[j % len(BAD_EMAILS)]
    for j, i in enumerate(bad["age"]):
        out.rows[i][3] = BAD_AGES[j % len(BAD_AGES)]
    for j, i in enumerate(bad["phone"]):
        out.rows[i][4] = BAD_PHONES[j % len(BAD_PHONES)]
    for kind, rows in bad.items():
        out.marks.update({i: f"bad_{kind}" for i in rows})
    used = set(people)
    # move the used rows to the front so the next planting skips them
    order[:] = np.array([i for i in order if i in used] + [i for i in order if i not in used])
    return len(used)


def _plant_placeholders(rng: np.random.Generator, rows: list[Row]) -> int:
    """An empty optional cell shown as 无 / N/A / - / 空, as many CRMs print it."""
    count = 0
    for r in rows:
        for col in (2, 3, 5, 8):
            if r[col] is None and rng.random() < 0.12:
                r[col] = PLACEHOLDERS[count % len(PLACEHOLDERS)]
                count += 1
    return count


def _pad_values(rng: np.random.Generator, rows: list[Row]) -> int:
    """Names and cities wrapped in full-width or ordinary spaces."""
    count = 0
    for r in rows:
        for col, rate in ((1, 0.02), (7, 0.01)):
            if rng.random() < rate:
                pad = "\u3000" if rng.random() < 0.6 else " "
                r[col] = f"{pad}{r[col]}{pad}" if rng.random() < 0.5 else f"{r[col]}{pad}"
                count += 1
    return count


def _plant_duplicates(
    rng: np.random.Generator, c: Customers, out: CustomerRows, pool: Any, k: int, numeric: bool
) -> None:
    """Insert duplicate rows after their source row, plus one row with no ID or name."""
    pool = [int(i) for i in pool]
    companies = [i for i in pool if c.is_company[i]][:k]
    taken = set(companies)
    with_email = [i for i in pool if i not in taken and "@" in str(out.rows[i][5])][:k]
    taken.update(with_email)
    rest = [i for i in pool if i not in taken]
    sources = dict(
        zip(
            DUPLICATE_KINDS,
            (rest[:k], rest[k : 2 * k], rest[2 * k : 3 * k], with_email, companies),
            strict=True,
        )
    )
    new_ids = iter(make_ids(5 * k, numeric, start=len(c) + 1))
    extra: list[tuple[int, Row, str]] = []
    for kind, group in sources.items():
        for s in group:
            row, alias = _duplicate_row(rng, c, out.rows[s], s, kind, new_ids)
            if alias is not None:
                out.aliases[len(c) + len(out.alias_ids)] = s
                out.alias_ids.append(alias)
            extra.append((s + 1 + int(rng.integers(0, len(c) - s)), row, kind))
        out.planted.setdefault("duplicates", {})[kind] = len(group)
    blank: Row = [None] * len(HEADERS)
    blank[7], blank[9], blank[10] = "杭州市", "门店", 45800.0
    extra.append((int(rng.integers(1, len(c))), blank, "no_id_no_name"))
    _insert_rows(out, extra)


def _duplicate_row(
    rng: np.random.Generator, c: Customers, src: Row, s: int, kind: str, new_ids: Any
) -> tuple[Row, str | int | None]:
    row = list(src)
    if kind == "exact_copy":
        return row, None
    if kind == "same_id_newer_value":
        road = vocab.ROADS[int(rng.integers(0, len(vocab.ROADS)))]
        row[6] = str(c.address[s]).split("市")[0] + f"市{road}{int(rng.integers(1, 999))}号"
        row[11] = vocab.MANAGERS[(vocab.MANAGERS.index(str(c.manager[s])) + 1) % 8]
        return row, None
    alias = next(new_ids)
    row[0], row[12] = alias, None
    if kind == "same_phone_other_format":
        style = "+86 spaced" if row[4] != format_phone(str(c.phone[s]), "+86 spaced") else "dashed"
        row[4], row[5] = format_phone(str(c.phone[s]), style), None
    elif kind == "same_email_other_case":
        email = str(src[5])
        row[4], row[5] = None, email.lower() if email.isupper() else email.upper()
    else:
        suffix = "股份有限公司" if not str(c.name[s]).endswith("股份有限公司") else "(集团)有限公司"
        row[1], row[4], row[5] = str(c.company_core[s]) + suffix, None, None
    row[10] = float(c.registered[s] + int(rng.integers(30, 400)))
    return row, alias


def _insert_rows(out: CustomerRows, extra: list[tuple[int, Row, str]]) -> None:
    """Place each extra row after the row index it names, keeping sheet order stable."""
    keyed = [((i, 0, 0), r, out.marks.get(i)) for i, r in enumerate(out.rows)]
    keyed += [((pos, 1, j), r, kind) for j, (pos, r, kind) in enumerate(extra)]
    keyed.sort(key=lambda t: t[0])
    out.rows = [r for _, r, _ in keyed]
    out.marks = {i: m for i, (_, _, m) in enumerate(keyed) if m}
