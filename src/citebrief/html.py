"""Turn the brief's Markdown into a standalone HTML page."""

from __future__ import annotations

from markupsafe import Markup

from . import __version__
from .analyse import Brief
from .markup import markdown
from .templates import Templates

TEMPLATE = "page.html.j2"
STYLESHEET = "brief.css"


def render_html(text: str, brief: Brief, templates: Templates) -> str:
    """Render Markdown to HTML and place it in the page template with the stylesheet inlined."""
    body = markdown().render(text)
    env = templates.environment(autoescape=True)
    page = env.get_template(TEMPLATE)
    return page.render(
        brief=brief,
        settings=brief.settings,
        body=Markup(body),
        stylesheet=Markup(templates.read(STYLESHEET)),
        generator=f"citebrief {__version__}",
    )
