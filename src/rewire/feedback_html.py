"""Feedback pages that work offline: formulas written as MathML when the HTML is made.

nbgrader's feedback template loads MathJax 2 from a CDN, so a student reading feedback
offline saw raw TeX (``$\\Delta t = ...$``). This exporter (named in nbgrader_config.py)
renders each formula of a markdown cell to MathML with latex2mathml as the page is written
and leaves the CDN script out: the page is one self-contained file, the browser draws the
formulas itself (MathML Core, in Chromium, Firefox and Safari), and screen readers read
them as maths.
"""
import re

from jinja2 import pass_context
from latex2mathml.converter import convert
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

# nbconvert's mathjax macro (templates/base/mathjax.html.j2), which the feedback template calls.
MATHJAX_SCRIPTS = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


def to_mathml(tex, display="inline"):
    """One formula as MathML; TeX that latex2mathml cannot read stays visible as code."""
    try:
        return convert(tex.strip(), display=display)
    except Exception:  # latex2mathml raises assorted errors on unsupported TeX
        return f"<code>{tex}</code>"


class MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, with formulas rendered to MathML instead of left as
    TeX for MathJax."""

    def inline_math(self, body):
        return to_mathml(body)

    def block_math(self, body):
        return to_mathml(body, display="block")

    def latex_environment(self, name, body):
        return to_mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", display="block")


class OfflineFeedbackExporter(HTMLExporter):
    """The HTML exporter of nbgrader's feedback (same template and options), offline."""

    @pass_context  # as HTMLExporter's: the template passes the cell in the context
    def markdown2html(self, context, source):
        cell = context.get("cell", {})
        renderer = MathMLRenderer(
            escape=False,
            attachments=cell.get("attachments", {}),
            embed_images=self.embed_images,
            path=context.get("resources", {}).get("metadata", {}).get("path", ""),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links,
            **self.lexer_options,
        )
        return MarkdownWithMath(renderer=renderer).render(source)

    def from_notebook_node(self, nb, resources=None, **kw):
        output, resources = super().from_notebook_node(nb, resources, **kw)
        return MATHJAX_SCRIPTS.sub("", output), resources
