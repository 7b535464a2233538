"""Project and output file names: each spelled in layout.py and nowhere else."""

import ast
from pathlib import Path

from citebrief import layout

PACKAGE = Path(layout.__file__).parent
# File names no other word is spelled like (facts, seeds, output … are also dictionary keys and stage names).
NAMES = {
    layout.SETTINGS_FILE, layout.BRIEF_MD, layout.BRIEF_HTML, layout.BRIEF_PDF, layout.EDITIONS_FILE,
    layout.MANIFEST_FILE, layout.LOCK_FILE, layout.SHIPPED_TEMPLATES,
}
# Modules other changes own, still spelling a name themselves (to fold into layout.py when next edited).
NOT_YET: set[tuple[str, str]] = set()


def _spellings() -> set[tuple[str, str]]:
    found = set()
    for path in PACKAGE.glob("*.py"):
        if path.name == "layout.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found |= {(path.name, name) for name in NAMES if node.value == name or node.value.startswith(name + "/")}
    return found


def test_each_file_name_is_spelled_in_layout_only():
    assert _spellings() - NOT_YET == set()


def test_output_folder_is_the_projects_unless_given(tmp_path):
    assert layout.output_dir(tmp_path) == tmp_path / "output"
    assert layout.output_dir(tmp_path, None) == tmp_path / "output"
    assert layout.output_dir(tmp_path, "elsewhere") == Path("elsewhere")
    assert layout.output_dir(tmp_path, tmp_path / "out") == tmp_path / "out"


def test_a_build_reads_the_settings_and_the_three_input_folders():
    assert layout.INPUT_FOLDERS == ("facts", "seeds", "templates")
    assert layout.SETTINGS_FILE == "citebrief.toml"
