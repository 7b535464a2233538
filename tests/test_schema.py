"""JSON Schema for project files: made from the models, current in schemas/, valid for every shipped file."""

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from citebrief.cli import main
from citebrief.schema import KINDS, kind_of, modeline, schema_file_name, schema_text
from conftest import CASES, REPO

SHIPPED = sorted((REPO / "facts").rglob("*.yaml"))


def _printed_schema(kind: str, capsys) -> dict:
    """Run `citebrief schema KIND` and read the JSON it prints."""
    capsys.readouterr()
    assert main(["schema", kind]) == 0
    return json.loads(capsys.readouterr().out)


def _as_json(value):
    """What an editor sees of YAML data: JSON values, dates as the text they are written as."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _errors(schema: dict, path: Path) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = _as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_schema_is_a_valid_json_schema_for_every_kind(capsys):
    for kind in KINDS:
        jsonschema.Draft202012Validator.check_schema(_printed_schema(kind, capsys))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_schema_validates_every_shipped_file(path, capsys):
    schema = _printed_schema(kind_of(path.relative_to(REPO).as_posix()), capsys)
    assert _errors(schema, path) == []


@pytest.mark.parametrize(
    "case, expected",
    [
        ("fact_unknown_field.yaml", "Additional properties are not allowed ('statment' was unexpected)"),
        ("fact_unknown_section.yaml", "0/section: 'proposal' is not one of"),
        ("fact_wrong_type.yaml", "is not of type 'array'"),
        ("fact_missing_statement.yaml", "'statement' is a required property"),
    ],
)
def test_schema_rejects_what_check_rejects(case, expected, capsys):
    errors = _errors(_printed_schema("facts", capsys), CASES / "facts" / case)
    assert any(expected in error for error in errors), errors


def test_schema_carries_the_field_descriptions(capsys):
    schema = _printed_schema("facts", capsys)
    quote = schema["$defs"]["Citation"]["properties"]["quote"]
    assert quote["description"].startswith("The exact words of the source")
    assert schema["$defs"]["Fact"]["properties"]["section"]["description"] == "Where the statement goes in the brief."


def test_committed_schemas_are_current():
    for kind in KINDS:
        committed = REPO / "schemas" / schema_file_name(kind)
        assert committed.read_text(encoding="utf-8") == schema_text(kind), (
            f"{committed} is out of date; run: citebrief schema -o schemas/")


def test_every_shipped_file_starts_with_the_modeline_of_its_schema():
    for path in SHIPPED:
        rel = path.relative_to(REPO).as_posix()
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == modeline(rel), rel
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (REPO / "schemas" / f"{kind_of(rel)}.schema.json").resolve() and target.is_file()


def test_schema_output_folder_gets_every_kind(tmp_path, capsys):
    assert main(["schema", "-o", f"{tmp_path}/schemas/"]) == 0
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == sorted(schema_file_name(kind) for kind in KINDS)
    assert main(["schema", "sources", "-o", str(tmp_path / "one.json")]) == 0
    assert json.loads((tmp_path / "one.json").read_text())["required"] == ["sources"]


def test_schema_to_an_unwritable_place_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    assert main(["schema", "-o", str(tmp_path / "file" / "facts.json")]) == 1
    assert capsys.readouterr().err.startswith(f"citebrief: error: cannot write {tmp_path}/file/facts.json")
