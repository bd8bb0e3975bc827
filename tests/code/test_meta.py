"""Tests about the core and its tests.

* ``putright.code`` stays pure Python: importing all of it loads no Django.
* Every provision the core's source names (``cite(...)`` calls, "2024 6.13"-style strings, the
  ``_RULE_NUMBERS`` table) exists in its edition, so no rule can point at a provision that is not there.
* Every provision the core enforces has at least one test whose function name carries it
  (``test_2024_6_13_...``), so a failing test tells the reader which provision broke.
"""

from __future__ import annotations

import ast
import pathlib
import re
import subprocess
import sys

import pytest

import putright.code
from putright.code import contents, exclusions, lifecycle, timescales
from putright.code.provisions import EDITIONS, edition

CORE = pathlib.Path(putright.code.__file__).parent
SOURCES = sorted(CORE.glob("*.py"))
TESTS = pathlib.Path(__file__).parent


def test_putright_code_imports_no_django() -> None:
    script = (
        "import importlib, pkgutil, sys\n"
        "import putright.code as core\n"
        "names = [m.name for m in pkgutil.walk_packages(core.__path__, 'putright.code.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(len(names), loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout.split()[0]) >= 7  # provisions, calendar, timescales, ... were all imported


# --------------------------------------------------------------------------------------------------
# Every citation in the core's source exists


def _exists(edition_name: str, number: str) -> bool:
    base, _, label = number.partition(" ")
    found = edition(edition_name)
    if not found.has(base):
        return False
    return not label or any(item.label == label for item in found.provision(base).items)


# cite("2024", "6.13"), _t("2024", "6.2", ...), cite("2024", "6.9 g")
LITERAL_CALL = re.compile(r"\b(?:cite|_t|_one|_items|provision)\(\s*\"(\d{4})\"\s*,\s*\"([^\"]+)\"")
# cite(edition, "1.2"), _cite(case, "1.4"): the edition is whatever the complaint's is
VARIABLE_CALL = re.compile(r"\b_?cite\(\s*[a-z_.]+\s*,\s*\"([^\"]+)\"")
# "2024 6.13" in strings, comments and docstrings, and {"2024": "2.2"} tables
WRITTEN = re.compile(r"\b(2022|2024) (\d{1,2}\.\d{1,2})(?![\d.]\d)")
KEYED = re.compile(r"\"(2022|2024)\"\s*:\s*\"(\d{1,2}\.\d{1,2})\"")


def _citations() -> list[tuple[str, str, str]]:
    found = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for pattern in (LITERAL_CALL, WRITTEN, KEYED):
            found += [(path.name, m.group(1), m.group(2)) for m in pattern.finditer(text)]
        found += [(path.name, "any", m.group(1)) for m in VARIABLE_CALL.finditer(text)]
    return found


def test_the_citation_scan_finds_the_core_citations() -> None:
    found = {(edition_name, number) for _, edition_name, number in _citations()}
    assert {("2024", "6.13"), ("2024", "6.2"), ("2022", "5.13"), ("2022", "1.8"), ("any", "1.4")} <= found


@pytest.mark.parametrize(("source", "edition_name", "number"), sorted(set(_citations())))
def test_every_citation_in_the_core_exists_in_its_edition(
    source: str, edition_name: str, number: str
) -> None:
    if edition_name == "any":
        assert any(_exists(name, number) for name in EDITIONS), f"{source}: no edition has {number}"
    else:
        assert _exists(edition_name, number), f"{source}: the {edition_name} Code has no {number}"


@pytest.mark.parametrize("edition_name", EDITIONS)
def test_every_rule_number_exists_in_its_edition(edition_name: str) -> None:
    for name, number in lifecycle._RULE_NUMBERS[edition_name].items():
        assert edition(edition_name).has(number), f"_RULE_NUMBERS[{edition_name!r}][{name!r}] = {number!r}"
    assert set(lifecycle._RULE_NUMBERS["2022"]) == set(lifecycle._RULE_NUMBERS["2024"])


@pytest.mark.parametrize("edition_name", EDITIONS)
def test_every_number_pages_cite_beside_the_rules_exists_in_its_edition(edition_name: str) -> None:
    """``_CITED_NUMBERS``: an edition may lack one (then a page cites nothing), never name a provision it
    does not have, nor give a rule of ``_RULE_NUMBERS`` another number."""
    for name, by_edition in lifecycle._CITED_NUMBERS.items():
        number = by_edition.get(edition_name)
        assert number is None or edition(edition_name).has(number), f"_CITED_NUMBERS[{name!r}]"
        assert name not in lifecycle._RULE_NUMBERS[edition_name]


# --------------------------------------------------------------------------------------------------
# Every enforced provision has a test named after it


def _enforced(edition_name: str) -> set[str]:
    numbers = set(lifecycle._RULE_NUMBERS[edition_name].values())
    scales = timescales.timescales(edition_name)
    numbers |= {t.provision.split(" ")[1] for t in scales.all()}
    numbers |= {scales.time_limit_provision.split(" ")[1], scales.max_stages_provision.split(" ")[1]}
    stages = {"2024": [(1, False), (2, True)], "2022": [(1, False), (2, False), (2, True), (3, True)]}
    for stage, final in stages[edition_name]:
        numbers |= {
            r.provision.split(" ")[1] for r in contents.stage_response(edition_name, stage, final=final)
        }
    numbers |= {e.provision.split(" ")[1] for e in exclusions.exclusions(edition_name)}
    source = (CORE / "lifecycle.py").read_text(encoding="utf-8")
    numbers |= {m.group(2) for m in LITERAL_CALL.finditer(source) if m.group(1) == edition_name}
    numbers |= {m.group(1).split(" ")[0] for m in re.finditer(r"\b_cite\(\s*case\s*,\s*\"([^\"]+)\"", source)}
    return numbers


def _test_names() -> set[str]:
    names = set()
    for path in TESTS.glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    return {name for name in names if name.startswith("test_")}


def test_the_enforced_list_is_the_one_expected() -> None:
    assert {"6.13", "5.3", "6.9", "6.19", "6.2", "6.11", "6.14", "2.3", "5.11", "7.3", "6.17", "1.4"} <= (
        _enforced("2024")
    )
    assert {"5.12", "5.17", "5.18", "5.8", "5.16", "5.20", "4.1", "5.1", "5.13"} <= _enforced("2022")


@pytest.mark.parametrize(
    ("edition_name", "number"),
    sorted((name, number) for name in EDITIONS for number in _enforced(name)),
)
def test_every_enforced_provision_has_a_test_named_after_it(edition_name: str, number: str) -> None:
    wanted = re.compile(rf"{edition_name}_{number.replace('.', '_')}(?!\d)")
    named = [name for name in _test_names() if wanted.search(name)]
    assert named, f"no test function's name contains {edition_name}_{number.replace('.', '_')}"
