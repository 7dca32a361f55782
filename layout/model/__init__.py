"""The frozen data every stage passes on (plan, article, paper, style, text, head, flow, page), the grid
arithmetic (`geometry`) and lengths (`lengths`). The entry points are the values each stage hands to the next,
re-exported here (plain dataclasses, no library): `Edition` (source), `PaperStyle` (style), `Article`,
`BrokenParagraph` (text), `HeadBlock` (headlines), `Flowed` (flow), `Page` (compose)."""

from layout.model.article import Article
from layout.model.flow import Flowed
from layout.model.head import HeadBlock
from layout.model.page import Page
from layout.model.paper import PaperStyle
from layout.model.plan import Edition
from layout.model.text import BrokenParagraph

__all__ = ["Article", "BrokenParagraph", "Edition", "Flowed", "HeadBlock", "Page", "PaperStyle"]
