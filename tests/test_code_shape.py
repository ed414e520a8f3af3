"""The shape of the code (docs/architecture.md, "Keeping the house in order"):
no module over 400 lines and no function over 60, so each can be read whole.
Migrations are generated and left out."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("fund", "home", "config", "tests", "bench")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def python_files():
    for folder in CHECKED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def long_functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            length = node.end_lineno - start + 1
            if length > MAX_FUNCTION_LINES:
                yield f"{node.name} (line {node.lineno}): {length} lines"


@pytest.mark.parametrize("path", list(python_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_and_its_functions_are_short(path):
    text = path.read_text()
    lines = len(text.splitlines())
    assert lines <= MAX_MODULE_LINES, f"{lines} lines: split the module by what it does"
    assert not list(long_functions(ast.parse(text))), "split these functions"


def test_the_check_sees_a_long_function():
    body = "\n".join(f"    x = {n}" for n in range(MAX_FUNCTION_LINES))
    tree = ast.parse(f"def too_long():\n{body}\n")
    assert list(long_functions(tree)) == [f"too_long (line 1): {MAX_FUNCTION_LINES + 1} lines"]
