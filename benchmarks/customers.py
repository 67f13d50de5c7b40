"""The customers of a simulated shop: who they are and when they bought.

Everything is drawn column-wise from one seeded generator, so the same
seed always gives the same customers.  Phones, e-mails and company names
are unique by construction (an index run through a bijection), so the
only duplicates in a generated file are the ones planted on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks import vocab

END_SERIAL = 45838.0  # 2025-06-30, the export date
WINDOW_DAYS = 730  # orders span two years up to the export date
START_SERIAL = END_SERIAL - WINDOW_DAYS
EARLIEST_REGISTRATION = 42736.0  # 2017-01-01
MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "157",
    "158",
    "159",
    "166",
    "173",
    "177",
    "180",
    "181",
    "182",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)
LIFECYCLES = (("active", 0.55), ("dormant", 0.15), ("lost", 0.2), ("new", 0.1))

Floats = npt.NDArray[np.float64]
Objects = npt.NDArray[np.object_]


@dataclass
class Customers:
    """Clean customer attributes (before any mess) and their buying behaviour."""

    ids: list[str | int]
    name: Objects
    is_company: npt.NDArray[np.bool_]
    company_core: Objects  # company name without legal suffix, "" for persons
    male: npt.NDArray[np.bool_]
    age: npt.NDArray[np.int64]
    phone: Objects  # canonical digits, or area-code landline "010-12345678"
    email: Objects  # lower case, "" when the customer gave none
    address: Objects
    city: Objects
    industry: Objects
    source: Objects
    registered: Floats  # Excel serial, whole days
    manager: Objects
    notes: Objects
    first_day: Floats  # first and last day the customer buys or interacts
    last_day: Floats
    weight: Floats  # relative buying intensity; 0 for customers who never bought

    def __len__(self) -> int:
        return len(self.ids)


def pick(
    rng: np.random.Generator, table: Any, size: int, weight_at: int = -1
) -> npt.NDArray[np.int64]:
    """Indices into a table of tuples, drawn by the weight at ``weight_at``."""
    weights = np.array([row[weight_at] for row in table], dtype=float)
    return rng.choice(len(table), size=size, p=weights / weights.sum())


def col(values: Any) -> Objects:
    """An object array, so ``+`` concatenates strings element-wise."""
    return np.array(list(values), dtype=object)


def make_ids(count: int, numeric: bool, start: int = 1) -> list[str | int]:
    """Customer IDs as a CRM numbers them: C000001 ..., or plain numbers 100001 ..."""
    if numeric:
        return list(range(100000 + start, 100000 + start + count))
    return [f"C{i:06d}" for i in range(start, start + count)]


def unique_digits(index: npt.NDArray[np.int64], width: int, salt: int) -> Objects:
    """Digit strings unique per index: the multiplier is coprime to 10, so this is a bijection."""
    mod = 10**width
    values = (index * 2654435761 + salt) % mod
    return col(np.char.zfill(values.astype(str), width))


def make_customers(rng: np.random.Generator, n: int, numeric_ids: bool) -> Customers:
    """Draw ``n`` customers, about one in eight a company."""
    idx = rng.permutation(n).astype(np.int64)  # a shuffled index hides the bijections
    is_company = rng.random(n) < 0.12
    male = rng.random(n) < 0.5
    person, person_py = _person_names(rng, n, male)
    city = pick(rng, vocab.CITIES, n, weight_at=3)
    core, trade_industry, brand_py, company_city = _company_cores(rng, n)
    city = np.where(is_company, company_city, city)
    name = np.where(is_company, core + _company_suffixes(rng, n), person)
    life = pick(rng, LIFECYCLES, n)
    first, last = _active_windows(rng, life)
    return Customers(
        ids=make_ids(n, numeric_ids),
        name=name,
        is_company=is_company,
        company_core=np.where(is_company, core, ""),
        male=male,
        age=np.clip(rng.normal(37, 11, n), 18, 78).astype(np.int64),
        phone=_phones(rng, idx, is_company, city),
        email=_emails(rng, idx, is_company, person_py, brand_py),
        address=_addresses(rng, n, city),
        city=col(vocab.CITIES[c][1] for c in city),
        industry=np.where(
            is_company,
            trade_industry,
            col(vocab.PERSON_INDUSTRIES[i][0] for i in pick(rng, vocab.PERSON_INDUSTRIES, n)),
        ),
        source=col(vocab.SOURCES[i][0] for i in pick(rng, vocab.SOURCES, n)),
        registered=_registrations(rng, first, life),
        manager=col(vocab.MANAGERS[i] for i in rng.integers(0, len(vocab.MANAGERS), n)),
        notes=np.where(
            rng.random(n) < 0.08,
            col(vocab.NOTES[i] for i in rng.integers(0, len(vocab.NOTES), n)),
            "",
        ),
        first_day=first,
        last_day=last,
        weight=_weights(rng, life),
    )


def _person_names(
    rng: np.random.Generator, n: int, male: npt.NDArray[np.bool_]
) -> tuple[Objects, Objects]:
    """Chinese personal names (surname by frequency, one or two given characters)."""
    sur = pick(rng, vocab.SURNAMES, n)
    sur_zh, sur_py = col(s[0] for s in vocab.SURNAMES), col(s[1] for s in vocab.SURNAMES)
    m_zh, m_py = col(g[0] for g in vocab.GIVEN_MALE), col(g[1] for g in vocab.GIVEN_MALE)
    f_zh, f_py = col(g[0] for g in vocab.GIVEN_FEMALE), col(g[1] for g in vocab.GIVEN_FEMALE)
    g1, g2 = rng.integers(0, len(m_zh), n), rng.integers(0, len(m_zh), n)
    two = rng.random(n) < 0.62
    given_zh = np.where(male, m_zh[g1], f_zh[g1]) + np.where(
        two, np.where(male, m_zh[g2], f_zh[g2]), ""
    )
    given_py = np.where(male, m_py[g1], f_py[g1]) + np.where(
        two, np.where(male, m_py[g2], f_py[g2]), ""
    )
    return sur_zh[sur] + given_zh, sur_py[sur] + given_py


def _company_cores(
    rng: np.random.Generator, n: int
) -> tuple[Objects, Objects, Objects, npt.NDArray[np.int64]]:
    """Unique "<city><brand><trade>" cores: a permutation of all combinations."""
    cities, brands, trades = len(vocab.CITIES), len(vocab.BRANDS), len(vocab.TRADES)
    combos = cities * brands * trades
    order = rng.permutation(combos)[np.arange(n) % combos]
    c, rest = np.divmod(order, brands * trades)
    b, t = np.divmod(rest, trades)
    core = (
        col(vocab.CITIES[i][1] for i in c)
        + col(vocab.BRANDS[i][0] for i in b)
        + col(vocab.TRADES[i][0] for i in t)
    )
    # past every combination (only in huge files) a branch number keeps cores unique
    branch = np.arange(n) // combos
    core = np.where(branch > 0, core + col(f"第{k + 1}分公司" for k in branch), core)
    industry = col(vocab.TRADES[i][1] for i in t)
    return core, industry, col(vocab.BRANDS[i][1] for i in b), c


def _company_suffixes(rng: np.random.Generator, n: int) -> Objects:
    return col(vocab.COMPANY_SUFFIXES[i][0] for i in pick(rng, vocab.COMPANY_SUFFIXES, n))


def _phones(
    rng: np.random.Generator,
    idx: npt.NDArray[np.int64],
    is_company: npt.NDArray[np.bool_],
    city: npt.NDArray[np.int64],
) -> Objects:
    """Mobiles for people; most companies give a landline with the city's area code."""
    prefixes = col(MOBILE_PREFIXES)[rng.integers(0, len(MOBILE_PREFIXES), len(idx))]
    mobile = prefixes + unique_digits(idx, 8, 7654321)
    tail = col(str(2 + int(d) % 7) for d in rng.integers(0, 7, len(idx)))
    landline = col(vocab.CITIES[c][2] + "-" for c in city) + tail + unique_digits(idx, 7, 97)
    return col(np.where(is_company & (rng.random(len(idx)) < 0.7), landline, mobile))


def _emails(
    rng: np.random.Generator,
    idx: npt.NDArray[np.int64],
    is_company: npt.NDArray[np.bool_],
    person_py: Objects,
    brand_py: Objects,
) -> Objects:
    """E-mails: QQ numbers, pinyin+digits at a mail host, or a company mailbox."""
    n = len(idx)
    domain = col(vocab.EMAIL_DOMAINS[i][0] for i in pick(rng, vocab.EMAIL_DOMAINS, n))
    digits = col(str(int(v)) for v in (idx * 7919 + 1000) % 999983)
    qq = col(str(int(v)) for v in 10_000_000 + (idx * 104729 + 55) % 2_000_000_000)
    personal = (
        np.where((domain == "qq.com") & (rng.random(n) < 0.7), qq, person_py + digits)
        + "@"
        + domain
    )
    ends = col(vocab.COMPANY_DOMAINS[i] for i in rng.integers(0, len(vocab.COMPANY_DOMAINS), n))
    company = "sales" + digits + "@" + brand_py + "." + ends
    email = np.where(is_company, company, personal)
    return np.where(rng.random(n) < 0.62, email, "")


def _addresses(rng: np.random.Generator, n: int, city: npt.NDArray[np.int64]) -> Objects:
    """Province, city, district, road, number and sometimes a building and room."""
    district = rng.integers(0, 6, n)
    road = col(vocab.ROADS[i] for i in rng.integers(0, len(vocab.ROADS), n))
    number = col(f"{int(k)}号" for k in rng.integers(1, 999, n))
    building = col(vocab.BUILDINGS[i] for i in rng.integers(0, len(vocab.BUILDINGS), n))
    room = col(f"{int(k)}室" for k in rng.integers(101, 2808, n))
    place = col(
        vocab.CITIES[c][0]
        + vocab.CITIES[c][1]
        + "市"
        + vocab.CITIES[c][4][d % len(vocab.CITIES[c][4])]
        for c, d in zip(city, district, strict=True)
    )
    return col(place + road + number + np.where(building == "", "", building + room))


def _active_windows(rng: np.random.Generator, life: npt.NDArray[np.int64]) -> tuple[Floats, Floats]:
    """First and last day of activity by lifecycle: active, dormant, lost or new."""
    n = len(life)
    u = rng.random(n)
    last = np.select(
        [life == 0, life == 1, life == 2],
        [
            END_SERIAL - u * 60,
            END_SERIAL - 90 - u * 90,
            START_SERIAL + 30 + u * (WINDOW_DAYS - 230),
        ],
        END_SERIAL - u * 10,
    )
    first = last - rng.random(n) ** 0.7 * (last - START_SERIAL)
    new_first = END_SERIAL - 10 - rng.random(n) * 80
    first = np.where(life == 3, new_first, first)
    last = np.where(life == 3, new_first + rng.random(n) * (END_SERIAL - new_first), last)
    return first, last


def _registrations(rng: np.random.Generator, first: Floats, life: npt.NDArray[np.int64]) -> Floats:
    """Registration days: long before the first purchase for old customers."""
    gap = np.where(life == 3, rng.integers(0, 7, len(first)), rng.exponential(250, len(first)))
    return np.floor(np.maximum(first - gap, EARLIEST_REGISTRATION))


def _weights(rng: np.random.Generator, life: npt.NDArray[np.int64]) -> Floats:
    """Heavy-tailed buying intensity; one in ten registered customers never buys."""
    w = rng.lognormal(0.0, 1.3, len(life)) * np.select([life == 2, life == 3], [0.5, 0.3], 1.0)
    return np.where(rng.random(len(life)) < 0.1, 0.0, w)
