"""A report text's safe HTML (narrative.markup: already sanitised) written into a Word document.

What the sanitiser lets through, and only that: paragraphs, line breaks, bold, italic, struck, code, quotes,
lists (numbered and not, nested), links (Word hyperlinks), tables and the report's own images (embedded,
fitted to the page's text width). Any other tag is ignored and its text kept as text, so nothing in a text
can become markup in the DOCX. Numbered lists are written with their numbers as text (as the template's
"1." lines), so every list starts where the text says it starts.
"""

import base64
import io
from html.parser import HTMLParser

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reports.common import REPORT_IMAGES

INLINE = {"strong": "bold", "em": "italic", "s": "strike", "del": "strike", "code": "code"}
BLOCKS = {"p", "li", "blockquote", "td", "th"}
INDENT = Mm(6)


class _Node:
    def __init__(self, tag, attrs=None, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs or {}), parent, []


class _Tree(HTMLParser):
    VOID = {"br", "img"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.node = _Node("root")

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs, self.node)
        self.node.children.append(node)
        if tag not in self.VOID:
            self.node = node

    def handle_endtag(self, tag):
        node = self.node
        while node.parent is not None and node.tag != tag:
            node = node.parent
        if node.parent is not None:
            self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def parse(safe_html: str) -> _Node:
    tree = _Tree()
    tree.feed(safe_html or "")
    tree.close()
    return tree.root


def _hyperlink(paragraph, url: str, text: str, marks: set, clean) -> None:
    """A Word hyperlink (w:hyperlink with an external relationship), underlined and blue as Word shows one."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = paragraph.add_run(clean(text))
    _mark(run, marks)
    run.font.underline = True
    run.font.color.rgb = RGBColor(0x0B, 0x4F, 0x8A)
    link.append(run._r)
    paragraph._p.append(link)


def _mark(run, marks: set) -> None:
    """Only the marks a run has: a run without any keeps no run properties (python-docx adds an empty
    w:rPr for every property set, even to None; a text's runs are mostly unmarked)."""
    if not marks:
        return
    if "bold" in marks:
        run.bold = True
    if "italic" in marks:
        run.italic = True
    if "strike" in marks:
        run.font.strike = True
    if "code" in marks:
        run.font.name = "Courier New"


class Writer:
    """Writes one text's HTML after the document's current end (or into a table cell's paragraphs)."""

    def __init__(self, doc, images: dict, text_width, clean, size=None):
        self.doc, self.images, self.text_width, self.clean, self.size = doc, images, text_width, clean, size

    def write(self, safe_html: str, container=None) -> None:
        self.blocks(parse(safe_html).children, container or self.doc, level=0)

    # Blocks ---------------------------------------------------------------------------------------------
    def blocks(self, children, container, level, quote=False) -> None:
        loose = []  # inline content outside a block tag (a list item's words): one paragraph
        for child in children:
            if isinstance(child, str) or child.tag in INLINE or child.tag in {"a", "br", "img"}:
                loose.append(child)
                continue
            self._flush(loose, container, level, quote)
            loose = []
            if child.tag == "p":
                self.paragraph(child.children, container, level, quote)
            elif child.tag in ("ul", "ol"):
                self.list(child, container, level + 1)
            elif child.tag == "blockquote":
                self.blocks(child.children, container, level, quote=True)
            elif child.tag == "table":
                self.table(child, container)
            else:
                self.blocks(child.children, container, level, quote)
        self._flush(loose, container, level, quote)

    def _flush(self, loose, container, level, quote) -> None:
        if any(not isinstance(c, str) or c.strip() for c in loose):
            self.paragraph(loose, container, level, quote)

    def _new_paragraph(self, container, style=None):
        paragraph = container.add_paragraph(style=style) if style else container.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(4)
        return paragraph

    def paragraph(self, children, container, level, quote=False, prefix="", style=None):
        paragraph = self._new_paragraph(container, style)
        if level or quote:
            paragraph.paragraph_format.left_indent = INDENT * (level + (1 if quote else 0))
        if prefix:
            paragraph.add_run(prefix)
        self.inline(children, paragraph, set())
        return paragraph

    def list(self, node, container, level) -> None:
        number = int(node.attrs.get("start") or 1) if node.tag == "ol" else None
        for item in (c for c in node.children if not isinstance(c, str) and c.tag == "li"):
            inline = [c for c in item.children if isinstance(c, str) or c.tag not in ("ul", "ol", "p")]
            first_p = next((c for c in item.children if not isinstance(c, str) and c.tag == "p"), None)
            words = first_p.children if first_p is not None else inline
            marker = f"{number}. " if number is not None else "• "
            paragraph = self.paragraph(words, container, level, prefix=marker)
            paragraph.paragraph_format.first_line_indent = -Mm(4)
            if number is not None:
                number += 1
            nested = ("ul", "ol", "p")
            rest = [
                c for c in item.children if not isinstance(c, str) and c is not first_p and c.tag in nested
            ]
            for child in rest:
                if child.tag == "p":
                    self.paragraph(child.children, container, level)
                else:
                    self.list(child, container, level + 1)

    def table(self, node, container) -> None:
        rows = list(_descend(node, "tr"))
        if not rows:
            return
        width = max(len([c for c in r.children if not isinstance(c, str)]) for r in rows)
        grid = container.add_table(rows=0, cols=width)
        grid.style = "Table Grid"
        for row in rows:
            cells = grid.add_row().cells
            for cell, data in zip(cells, [c for c in row.children if not isinstance(c, str)], strict=False):
                paragraph = cell.paragraphs[0]  # a new row's cell holds one empty paragraph
                self.inline(data.children, paragraph, {"bold"} if data.tag == "th" else set())
        self._new_paragraph(container)  # Word joins two tables that touch; a paragraph keeps them apart

    # Inline ---------------------------------------------------------------------------------------------
    def inline(self, children, paragraph, marks: set) -> None:
        for child in children:
            if isinstance(child, str):
                if child:
                    run = paragraph.add_run(self.clean(child.replace("\n", " ")))
                    _mark(run, marks)
                    if self.size:
                        run.font.size = self.size
            elif child.tag == "br":
                paragraph.add_run().add_break()
            elif child.tag == "a":
                href = child.attrs.get("href") or ""
                text = _text_of(child) or href
                if href:
                    _hyperlink(paragraph, href, text, marks, self.clean)
                else:
                    _mark(paragraph.add_run(self.clean(text)), marks)
            elif child.tag == "img":
                self.image(child, paragraph)
            elif child.tag in INLINE:
                self.inline(child.children, paragraph, marks | {INLINE[child.tag]})
            else:
                self.inline(child.children, paragraph, marks)

    def image(self, node, paragraph) -> None:
        src = node.attrs.get("src") or ""
        image = self.images.get(src.removeprefix(REPORT_IMAGES)) if src.startswith(REPORT_IMAGES) else None
        if not image or not image["mime"].startswith("image/"):
            return
        content = base64.b64decode(image["data"])
        run = paragraph.add_run()
        try:
            shape = run.add_picture(io.BytesIO(content))
        except Exception:  # noqa: BLE001 - a format Word cannot embed (checked on upload): its caption
            run.text = self.clean(node.attrs.get("alt") or "")
            return
        if shape.width > self.text_width:  # fitted to the page's text width, proportions kept
            shape.height = int(shape.height * self.text_width / shape.width)
            shape.width = int(self.text_width)
        if alt := node.attrs.get("alt"):
            caption = paragraph.add_run()
            caption.add_break()
            caption.add_text(self.clean(alt))
            caption.italic = True


def _descend(node, tag):
    for child in node.children:
        if isinstance(child, str):
            continue
        if child.tag == tag:
            yield child
        else:
            yield from _descend(child, tag)


def _text_of(node) -> str:
    return "".join(c if isinstance(c, str) else _text_of(c) for c in node.children)
