"""The manifest: which inputs are hashed, and an absent or damaged manifest is an empty one."""

from pathlib import Path

from citebrief.layout import MANIFEST_FILE, SHIPPED_TEMPLATES
from citebrief.manifest import Manifest, file_hash, input_hashes, sha256
from citebrief.templates import shipped_templates


def test_inputs_are_settings_facts_seeds_templates_shipped_templates_and_options(project):
    root = project("quote_verbatim.yaml")
    (root / "templates").mkdir()
    (root / "templates" / "brief.css").write_text("body {}")
    (root / "facts" / ".quote_verbatim.yaml.swp").write_text("editor state")
    hashes = input_hashes(root, {"pdf-variant": "none"})
    assert hashes["citebrief.toml"] == file_hash(root / "citebrief.toml")
    assert hashes["facts/quote_verbatim.yaml"] == file_hash(root / "facts" / "quote_verbatim.yaml")
    assert hashes["seeds/gazette.txt"] == sha256((root / "seeds" / "gazette.txt").read_bytes())
    assert hashes["templates/brief.css"] == sha256(b"body {}")
    assert hashes[f"{SHIPPED_TEMPLATES}/page.html.j2"] == file_hash(shipped_templates() / "page.html.j2")
    assert hashes["option:pdf-variant"] == "none"
    assert not any(".swp" in name for name in hashes)  # hidden files are not inputs


def test_editing_a_fact_changes_the_inputs(project):
    root = project("quote_verbatim.yaml")
    before = input_hashes(root)
    path = root / "facts" / "quote_verbatim.yaml"
    path.write_text(path.read_text() + "\n")
    after = input_hashes(root)
    assert {name for name in before if before[name] != after[name]} == {"facts/quote_verbatim.yaml"}


def test_absent_and_damaged_manifests_are_empty(tmp_path):
    assert Manifest.read(tmp_path) == Manifest()
    (tmp_path / MANIFEST_FILE).write_text('{"inputs": [')
    assert Manifest.read(tmp_path) == Manifest()
    (tmp_path / MANIFEST_FILE).write_text('{"outputs": {}}')
    assert Manifest.read(tmp_path) == Manifest()


def test_manifest_round_trips_and_knows_which_outputs_are_intact(tmp_path):
    (tmp_path / "brief.md").write_bytes(b"# Brief\n")
    (tmp_path / "brief.html").write_bytes(b"<p>edited by hand</p>")
    manifest = Manifest({"citebrief": "1"}, {"brief.md": sha256(b"# Brief\n"), "brief.html": sha256(b"<p>built</p>")},
                        {"brief.pdf": "key"})
    (tmp_path / MANIFEST_FILE).write_bytes(manifest.to_bytes())
    assert Manifest.read(tmp_path) == manifest
    assert manifest.intact(tmp_path, "brief.md")
    assert not manifest.intact(tmp_path, "brief.html")
    assert not manifest.intact(tmp_path, "brief.pdf")  # not an output it records
    assert not manifest.outputs_intact(tmp_path)
    assert not Manifest().outputs_intact(Path(tmp_path))  # nothing recorded is nothing intact
