"""Every message exists in both languages with the same placeholders."""

import string

import pytest

from custgrade.errors import IssueCode
from custgrade.messages import CATALOGUE, issue_text


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_are_written_with_the_same_placeholders(key):
    zh, en = CATALOGUE[key]
    assert zh.strip() and en.strip()
    assert placeholders(zh) == placeholders(en)


@pytest.mark.parametrize("code", list(IssueCode), ids=str)
def test_every_issue_code_has_a_reason(code):
    for lang in ("zh", "en"):
        assert issue_text(
            code, lang, value="x", target="C1", sheet="s", row=2, column="c", letter="A"
        )


@pytest.mark.parametrize("key", sorted(k for k in CATALOGUE if k.startswith("error.")))
def test_fatal_errors_say_what_is_wrong_and_what_to_do(key):
    for template in CATALOGUE[key]:
        assert len(template.split("\n")) == 2, key
