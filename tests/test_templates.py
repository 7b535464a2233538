"""Template lookup: the project's own templates first, then citebrief's, never a file outside them."""

import subprocess
import sys

import jinja2
import pytest

from citebrief.templates import Templates, shipped_templates


def test_shipped_templates_hold_every_template_a_build_renders():
    names = {path.name for path in shipped_templates().iterdir()}
    assert {"brief.md.j2", "page.html.j2", "brief.css", "pdf.css"} <= names


def test_a_projects_own_template_comes_first(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "brief.css").write_text("own")
    templates = Templates(tmp_path)
    assert templates.read("brief.css") == "own"
    assert templates.find("pdf.css") == (shipped_templates() / "pdf.css").resolve()


def test_diagnostics_name_own_templates_by_project_path_and_shipped_ones_as_citebriefs(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "brief.css").write_text("own")
    templates = Templates(tmp_path)
    assert templates.shown("brief.css") == "templates/brief.css"
    assert templates.shown("page.html.j2") == "<citebrief>/templates/page.html.j2"
    assert templates.shown("no-such.j2") == "<citebrief>/templates/no-such.j2"


def test_a_link_out_of_the_templates_folder_is_not_followed(tmp_path):
    (tmp_path / "secret.txt").write_text("private")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "leak.j2").symlink_to(tmp_path / "secret.txt")
    templates = Templates(tmp_path)
    assert templates.find("leak.j2") is None
    assert templates.find("../secret.txt") is None
    with pytest.raises(jinja2.TemplateNotFound):
        templates.environment(autoescape=True).get_template("leak.j2")


def test_a_template_error_is_reported_at_its_file_and_line(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "brief.md.j2").write_text("# Title\n\n{% if %}\n")
    templates = Templates(tmp_path)
    with pytest.raises(jinja2.TemplateError) as caught:
        templates.environment(autoescape=False).get_template("brief.md.j2")
    problem = templates.problem(caught.value, "brief.md.j2")
    assert (problem.file, problem.line, problem.code) == ("templates/brief.md.j2", 3, "template-error")


def test_finding_templates_imports_no_jinja():
    probe = ("import sys; from citebrief.templates import Templates, shipped_templates; "
             "Templates(shipped_templates()).find('pdf.css'); print('jinja2' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
