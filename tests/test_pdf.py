"""The PDF stage loads nothing but data: URLs and the project's own template files."""

import pytest

from citebrief.build import build
from citebrief.errors import ProjectError


def _page_with(root, extra: str) -> None:
    from citebrief.templates import shipped_templates

    page = (shipped_templates() / "page.html.j2").read_text()
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "page.html.j2").write_text(page.replace("<main", extra + "\n<main", 1))


@pytest.mark.parametrize(
    "resource",
    [
        '<img src="file:///etc/hostname">',
        '<img src="http://127.0.0.1:9/tracker.png">',
        '<link rel="stylesheet" href="https://example.com/evil.css">',
        '<img src="../../outside.png">',
    ],
)
def test_resources_outside_the_templates_are_refused(project, resource):
    root = project("quote_verbatim.yaml")
    _page_with(root, resource)
    with pytest.raises(ProjectError) as failure:
        build(root)
    assert [p.code for p in failure.value.problems] == ["resource-refused"]
    assert not (root / "output").exists()


def test_data_urls_and_template_files_are_allowed(project):
    root = project("quote_verbatim.yaml")
    pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    _page_with(root, f'<img src="{pixel}"><img src="fonts/LICENSE-Inter.txt" alt="">')
    assert [p.name for p in build(root).written] == ["brief.md", "brief.html", "brief.pdf"]
