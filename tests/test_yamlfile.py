"""Reading YAML strictly: files refused with the reason, YAML refused by construct, every value located."""

import datetime

import pytest
import yaml

from citebrief import yamlfile
from citebrief.yamlfile import MAX_DEPTH, parse_yaml, read_text
from conftest import CASES

REL = "facts/case.yaml"

# Each case: its text, and the one problem expected as (code, line, column, message).
REFUSED = {
    "duplicate_key": (
        "- id: a\n  statement: one\n  statement: two\n",
        ("yaml-duplicate-key", 3, 3, "key 'statement' appears twice in one mapping (first at line 2)")),
    "merge_key": (
        "base: {x: 1}\nrecord:\n  <<: {x: 2}\n",
        ("yaml-alias", 3, 3, "YAML merge keys (<<) are not allowed")),
    "aliases_counted_first_located": (
        "- &a one\n- *a\n- *a\n",
        ("yaml-alias", 2, 3, "YAML aliases (*name) are not allowed in project files; this file has 2")),
    "tab_indentation": (
        "- id: a\n\tstatement: b\n",
        ("yaml-tab", 2, 1, "a tab is used for indentation; YAML indents with spaces")),
    "quote_never_closed": (
        '- id: a\n  statement: "never closed\n  section: b\n',
        ("yaml-syntax", 2, 14, "a quoted value starts here and is never closed")),
    "python_object_tag": (
        "- id: !!python/object:os.system a\n",
        ("yaml-syntax", 1, 7, "the tag '!!python/object:os.system' is not allowed in project files")),
    "custom_tag": (
        "- id: !secret a\n",
        ("yaml-syntax", 1, 7, "the tag '!secret' is not allowed in project files")),
    "binary_tag": (
        "- data: !!binary aGVsbG8=\n",
        ("yaml-syntax", 1, 9, "the tag '!!binary' is not allowed in project files")),
    "explicit_timestamp_not_a_date": (
        "- published: !!timestamp 2025-13-45\n",
        ("yaml-syntax", 1, 14, "'2025-13-45' is not a valid !!timestamp")),
    "second_document": (
        "- id: a\n---\n- id: b\n",
        ("yaml-syntax", 2, 1, "a second YAML document starts here; a project file holds one")),
    "control_character": (
        "- id: a\n  statement: bell\x07here\n",
        ("yaml-syntax", 2, 18, "character U+0007 is not allowed in YAML; remove it")),
    "comments_only": (
        "# nothing\n\n   # here\n",
        ("empty-file", 1, 1, "file holds no records")),
    "comments_between_any_line_breaks": (
        "# one\r\n\x0c  # two\u2028\t# three\n\n",
        ("empty-file", 1, 1, "file holds no records")),
    "collection_as_key": (
        "? [a, b]\n: c\n",
        ("yaml-syntax", 1, 3, "a key must be a plain value")),
    "nested_too_deep": (
        # the root mapping and 31 lists are allowed; the 32nd list, at column 35, is one level too many
        "x: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n",
        ("invalid-structure", 1, 35,
         f"values are nested more than {MAX_DEPTH} levels deep; project files need only a few")),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused(case):
    text, (code, line, column, message) = REFUSED[case]
    document, problems = parse_yaml(text, REL)
    assert document is None
    assert [(p.code, p.file, p.line, p.column, p.message) for p in problems] == [(code, REL, line, column, message)]


@pytest.mark.parametrize("case", ["control_character", "second_document", "collection_as_key"])
def test_refused_alike_without_libyaml(case, monkeypatch):
    # PyYAML built without libyaml reads with its Python parser, whose reader checks characters as it starts
    monkeypatch.setattr(yamlfile, "_LOADER", yaml.SafeLoader)
    text, (code, line, column, message) = REFUSED[case]
    document, problems = parse_yaml(text, REL)
    assert document is None
    assert [(p.code, p.line, p.column) for p in problems] == [(code, line, column)]


def test_nesting_up_to_the_limit_is_read():
    depth = MAX_DEPTH - 1  # with the root mapping: MAX_DEPTH levels
    document, problems = parse_yaml("x: " + "[" * depth + "]" * depth + "\n", REL)
    assert problems == []
    value = document.data["x"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == []


@pytest.mark.parametrize(("case", "expected"), [
    ("yaml_duplicate_key.yaml", ("yaml-duplicate-key", 4, 3)),
    ("yaml_tab_indentation.yaml", ("yaml-tab", 3, 1)),
    ("yaml_malformed.yaml", ("yaml-syntax", 3, 14)),
    ("yaml_alias_bomb.yaml", ("yaml-alias", 4, 18)),
    ("empty_file.yaml", ("empty-file", 1, 1)),
])
def test_case_files_refused_at_the_construct(case, expected):
    _, problems = parse_yaml((CASES / "facts" / case).read_text(), f"facts/{case}")
    assert [(p.code, p.line, p.column) for p in problems] == [expected]
    assert {p.file for p in problems} == {f"facts/{case}"}


def test_plain_scalars_resolve_and_quoted_ones_stay_text():
    text = "- year: '2025'\n  count: 2025\n  share: 0.7\n  confirmed: yes\n  when: 2025-06-16\n  gap: ~\n"
    document, problems = parse_yaml(text, REL)
    assert problems == []
    assert document.data == [{"year": "2025", "count": 2025, "share": 0.7, "confirmed": True,
                              "when": datetime.date(2025, 6, 16), "gap": None}]


def test_text_starting_like_a_number_boolean_or_null_stays_text():
    text = "- said: Officials say\n  when: Yesterday\n  also: null-ish\n  size: 12 km\n  empty: ''\n  none:\n"
    document, problems = parse_yaml(text, REL)
    assert problems == []
    assert document.data == [{"said": "Officials say", "when": "Yesterday", "also": "null-ish", "size": "12 km",
                              "empty": "", "none": None}]


def test_text_that_only_looks_like_a_date_stays_text():
    # YAML 1.2 reading: the record's own validation names the field that is wrong.
    document, problems = parse_yaml("- published: 2025-13-45\n", REL)
    assert problems == []
    assert document.data == [{"published": "2025-13-45"}]


def test_every_key_and_item_is_located():
    text = "- id: a\n  citations:\n    - source: gazette\n      quote: The ministers\n- id: b\n"
    document, _ = parse_yaml(text, REL)
    where = {path: (loc.line, loc.column) for path, loc in document.locations.items()}
    assert where == {
        (): (1, 1),
        (0,): (1, 3), (0, "id"): (1, 3), (0, "citations"): (2, 3),
        (0, "citations", 0): (3, 7), (0, "citations", 0, "source"): (3, 7), (0, "citations", 0, "quote"): (4, 7),
        (1,): (5, 3), (1, "id"): (5, 3),
    }
    # a path below a scalar is located at the closest value that exists
    assert (document.location((0, "citations", 0, "quote", 3)).line,
            document.location((0, "citations", 0, "quote", 3)).column) == (4, 7)
    assert document.location((0, "id")).file == REL


def test_read_text_strips_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeff- id: café\n".encode())
    assert read_text(path, REL) == ("- id: café\n", [])


def test_read_text_names_the_byte_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"- id: a\n- id: caf\xe9\n")
    text, problems = read_text(path, REL)
    assert text is None
    assert [(p.code, p.file, p.line, p.column, p.message) for p in problems] == [
        ("not-utf8", REL, 2, 10, "file is not valid UTF-8 (byte 0xe9 at offset 17)")]


def test_read_text_refuses_a_file_over_the_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("x" * 101)
    text, problems = read_text(path, REL, limit=100)
    assert text is None
    assert [(p.code, p.message) for p in problems] == [("file-too-large", "file is 101 bytes; the limit is 100")]
    assert read_text(path, REL, limit=101) == ("x" * 101, [])


def test_read_text_missing_file(tmp_path):
    assert [(p.code, p.file, p.message) for p in read_text(tmp_path / "gone.yaml", REL)[1]] == [
        ("file-missing", REL, "file does not exist")]


def test_read_text_refuses_a_folder(tmp_path):
    assert [(p.code, p.message) for p in read_text(tmp_path, REL)[1]] == [
        ("file-unreadable", "cannot read file: it is a folder, not a file")]
