"""The README stays honest: its rules example loads and its commands exist."""

import re
from pathlib import Path

from click.testing import CliRunner

from custgrade import cli, load_rules

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_rules_example_in_readme_loads(tmp_path: Path):
    example = re.search(r"```toml\n(.*?)```", README, re.S)
    assert example
    path = tmp_path / "rules.toml"
    path.write_text(example.group(1), encoding="utf-8")
    rules = load_rules(path)
    assert rules.window_days == 180
    assert [t.name for t in rules.tiers] == ["VIP", "普通会员"]
    assert rules.dimensions["frequency"].thresholds == {"purchase_count": [1, 3, 6, 9, 12]}


def test_readme_usage_line_matches_the_command_options():
    options = {o for p in cli.run.params for o in getattr(p, "opts", [])}
    usage = re.search(r"custgrade run INPUT (.*)", README)
    assert usage
    for flag in re.findall(r"(--?[a-z-]+)", usage.group(1)):
        assert flag in options, flag


def test_readme_exit_codes_match_the_help():
    help_text = CliRunner().invoke(cli.main, ["run", "--help"]).output
    for code in ("0", "1", "2", "3"):
        assert f"| {code} |" in README
        assert f"  {code}  " in help_text
