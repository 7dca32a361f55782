"""Resolved style values that cross stage boundaries (data only)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kinsoku(StrEnum):
    """禁则 strictness (docs/text-engine.md §3)."""

    LOOSE = "loose"  # only the basic marks are kept off line starts/ends
    NORMAL = "normal"  # the full table of docs/text-engine.md §3 (default)
    STRICT = "strict"  # also keeps ——/…… off line starts


class PunctStyle(StrEnum):
    """Punctuation width style (docs/text-engine.md §4)."""

    FULL = "全角"  # every mark 1 em, except adjacency compression
    KAIMING = "开明"  # pause/stop marks full, other marks half
    HALF_AT_END = "行末半角"  # full inside the line, half at the line end (news default)
    NONE = "不压缩"  # every mark its full em everywhere: no adjacency or line-end compression (Taiwan, Hong Kong)


class Region(StrEnum):
    """Whose conventions the paper follows (docs/text-engine.md §13): punctuation glyphs and their position,
    compression, quotation marks."""

    CN = "cn"  # the mainland: stop marks in the lower left, compression, “” then ‘’
    TW = "tw"  # Taiwan: stop marks centred, no compression, 「」 then 『』
    HK = "hk"  # Hong Kong: as Taiwan, with the HK glyph forms

    @property
    def lang_system(self) -> str:
        """The OpenType language system whose `locl` glyph forms the region's text is drawn with."""
        return {"cn": "", "tw": "ZHT", "hk": "ZHH"}[self.value]


class Align(StrEnum):
    JUSTIFY = "justify"
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Everything the text engine needs to break and justify one paragraph.

    Sizes are in points; `indent`, `latin_space*` are in em of `size`.
    """

    font: str  # font role: song, hei, kai, fangsong, biaosong
    size: float  # type size in pt
    leading: float  # baseline-to-baseline distance in pt
    indent: float = 2.0  # first-line indent, em
    align: Align = Align.JUSTIFY
    kinsoku: Kinsoku = Kinsoku.NORMAL
    punctuation: PunctStyle = PunctStyle.HALF_AT_END
    latin_space: float = 0.25  # CJK–Latin space, em (clreq 3.2)
    latin_space_max: float = 0.5  # it may stretch to this, em
    hanging: bool = False  # hang line-end punctuation into the gutter
    no_orphan_char: bool = True  # 孤字不成行
    bold: bool = False  # draw with a bolder face of the role, if the catalogue has one
    latin_font: str = ""  # font role for Latin letters and digits; "" = the CJK font's own Latin glyphs
    hyphenate: str = "en_US"  # dictionary (pyphen language) for Latin words; "" = none (§5a)
    keep_words: bool = False  # a line breaks only at spaces: names in bylines, credits, signatures
    bold_font: str = ""  # font role a `bold: true` paragraph is set in (song → song-bold); "" = none known
    vertical: bool = False  # set in vertical lines (a `vertical: true` box): broken with vertical metrics
    tcy_digits: int = 2  # vertical lines: numbers of up to this many digits are set 纵中横 (2 or 3)
    corner_quotes: bool = False  # vertical lines: “”‘’ drawn as 「」『』 (the style's choice), not ﹃﹄﹁﹂


class Role(StrEnum):
    """What a paragraph or set line is; each role has its paragraph style (`ParagraphStyles`)."""

    BODY = "body"
    SUBHEAD = "subhead"  # `## ` in an article: own line(s), keeps with the next paragraph
    BYLINE = "byline"  # the article's `byline:` on its own line above the body
    SIGNATURE = "signature"  # the final `> ` block: issuing bodies, date
    CAPTION = "caption"  # under a photo
    JUMP = "jump"  # （下转第N版）
    CONTINUED = "continued"  # （上接第N版）


TEXT_ROLES = (Role.BODY, Role.SUBHEAD, Role.BYLINE, Role.SIGNATURE)  # the story's own text (audited)


@dataclass(frozen=True, slots=True)
class ParagraphStyles:
    """The paper's paragraph styles, one per role (a style file must give all of them)."""

    body: TextStyle
    subhead: TextStyle
    byline: TextStyle
    signature: TextStyle
    caption: TextStyle
    jump: TextStyle
    continued: TextStyle

    def __getitem__(self, role: Role) -> TextStyle:
        style: TextStyle = getattr(self, role.value)
        return style
