"""Tables → measures: pipe tables (| a | b |), tab-separated rows (how .docx and .html tables are
read), and the shapes PDF text takes: space-aligned rows (cells apart by 2+ spaces or full-width
spaces, as text converters lay them out), rows with one space between cells (as the PDF reader
gives them) and tables read one cell per line.

A table is read row by row, never as prose: each number in a value cell is one measure whose
indicator comes from its row label, whose year and kind come from its column header
(2023年完成情况 → actual 2023; 2024年目标值 → target 2024; 增长 → change; 基期值/现状值 → the
baseline of the row's targets) and whose unit comes from the cell, a 单位 column, the row label
(（个工作日）), the header or the table's caption (单位：亿元). Its evidence is the row. In a
regulation a table's limits are rules. The cue words live in seeds/table_header_cues.csv.

The pass is linear: one scan for lines holding | or a tab, one for lines holding a gap of spaces,
one for lines holding a space, one for runs of short lines; then each table's own cells.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from . import SEEDS_DIR
from .cleaning import noise_spans
from .normalising import without_joiners
from .numbers import tidy
from .extraction import classify_traced, find_candidates
from .extraction.document import DocumentFacts, document_facts
from .extraction.rules import rx
from .records import Document, Measure, RegionRef
from .regions import find_mentions, is_within

# ---------------------------------------------------------------- cue rules (seed)


RESULTS_CAPTION = rx("results_caption")

@dataclass(frozen=True)
class Cue:
    name: str
    applies_to: frozenset[str]  # header | label | cell
    pattern: re.Pattern[str]
    key: str  # column | kind | year | comparator | filler
    value: str


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    with open(SEEDS_DIR / "table_header_cues.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        key, _, value = r["sets"].partition("=")
        out.append(Cue(r["name"], frozenset(r["applies_to"].split("|")), re.compile(r["pattern"]), key, value))
    return tuple(out)


def cue_sets(text: str, where: str) -> dict[str, str]:
    """What the cue rules for `where` say about a text: {key: value}, the first matching rule of each key."""
    return {key: cue.value for key, cue in _cues_of(text, where).items()}


def cue_names(text: str, where: str) -> list[str]:
    """The names of the cue rules that decided cue_sets(text, where), for a measure's trace."""
    return [cue.name for cue in _cues_of(text, where).values()]


def _cues_of(text: str, where: str) -> dict[str, Cue]:
    out: dict[str, Cue] = {}
    for cue in cues():
        if cue.key != "filler" and cue.key not in out and where in cue.applies_to and cue.pattern.search(text):
            out[cue.key] = cue
    return out


@lru_cache(maxsize=1)
def _cell_words() -> re.Pattern[str]:
    """Everything a value cell may hold besides its number and unit: comparators, change words, filler."""
    parts = [c.pattern.pattern for c in cues() if "cell" in c.applies_to]
    return re.compile("|".join(f"(?:{p})" for p in parts))


@lru_cache(maxsize=1)
def _header_hint() -> re.Pattern[str]:
    """Any word a header cell may hold: a year or a header cue setting a kind or a column role."""
    parts = [c.pattern.pattern for c in cues() if "header" in c.applies_to and c.key in ("kind", "column")]
    return re.compile("|".join(f"(?:{p})" for p in [YEAR.pattern, *parts]))


# ---------------------------------------------------------------- finding tables


@dataclass
class Cell:
    start: int  # source offsets of the cell's text, surrounding spaces excluded
    end: int
    text: str


@dataclass
class Row:
    start: int  # source offsets of the row's line, surrounding spaces excluded
    end: int
    cells: list[Cell]


@dataclass
class Table:
    start: int
    end: int
    style: str  # pipe | tab | space | line
    lines: list[Row]  # every line of the table (caption rows, header rows, separator, data rows)
    header: list[Cell]  # one per column: the header rows' cells of that column, joined
    rows: list[Row]  # data rows
    caption: str = ""  # a title row inside the table or the short line just above it
    counted: bool = False  # count_header: columns without a name (a merged header) whose bare numbers are counts
    label_column: int | None = None  # the column known to hold the rows' labels, whatever its header says (单位)


PIPES = "|｜"
_TABLE_CHAR = re.compile(r"[|｜\t]")
_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")
YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?:\s*[—–\-~～至到]\s*((?:19|20)[0-9]{2}))?(?![0-9])")
_BRACKET = re.compile(r"[（(]\s*(?:单位\s*[:：])?\s*([^（()）]{1,8}?)\s*[）)]")
_CAPTION_UNIT = re.compile(r"(?:计量)?单位\s*[:：]\s*([^\s，。；,;:：]{1,6})")
_BARE_NUMBER = re.compile(r"[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9０-９]+)?")
_EMPTY = {"", "—", "–", "-", "/", "无", "——", "--"}
_RANGE_SEP = re.compile(r"^\s*[—–\-~～至到]\s*$")
_WS = re.compile(r"\s+")
RATIO_UNITS = frozenset({"percent", "percentage_point", "times"})
# Space-aligned rows (PDF text): a gap of 2+ spaces or any full-width spaces between two cells.
_GAP_SPLIT = re.compile(r" {2,}|\u3000+")
_WORD_SPLIT = re.compile(r"[ \u3000]+")
_PROSE = re.compile(r"[。；;！？]|[：:][ \u3000]*$|[^\s]{41}")  # a sentence, a lead-in (如下：), a paragraph
_DATE = re.compile(r"年\s*[0-9０-９一二三四五六七八九十]{1,2}\s*月|[0-9]{1,2}月(?:底|末|份)?")
# Tables read one cell per line: a run of 6+ short lines without sentence punctuation.
# (A literal \n opens the pattern so the scan skips from line to line at C speed.)
# A line a saved web page ends with a bar is a cell whatever its length (图纸审查备案意见书、CAD图、… |).
_SHORT_LINE = (r"(?:[ \t\u3000]*\n)?[ \t\u3000]*(?:[^\s。；;，,：:][^\n。；;，,]{0,23}|[^\s|｜][^\n|｜]{0,200}[|｜][ \t\u3000]*)"
               r"(?:\n|\Z)")  # (a blank line between cells)
_SHORT_LINES = re.compile(rf"\n(?:{_SHORT_LINE}){{6,}}")
_SHORT_LINES_AT = re.compile(rf"(?:{_SHORT_LINE}){{6,}}")
_CATEGORY = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_MAX_LINE_COLUMNS = 12
_MAX_SERIAL_COLUMNS = 30  # a numbered row may be wider than a header read line by line
_SERIAL_HEADER = re.compile(r"^(?:序号|编号)$")
_TOTAL_LABEL = re.compile(r"^(?:合计|总计|小计)$")
_COUNTING_WORD = re.compile(r"(?:数|量)(?:\s|$)")
_OTHER_QUANTITY_WORD = re.compile(r"天数|日数|人数|人次|时长|时间|时限|金额|资金|费用|价格|面积|元|亩|吨|万")


def find_tables(text: str, start: int = 0, end: int | None = None) -> list[Table]:
    """Tables in text[start:end], in order: pipe and tab tables, space-aligned tables, tables with
    one space between cells, and tables read one cell per line, each from its own scan. A line
    belongs to one table at most: the first scan that finds it."""
    end = len(text) if end is None else end
    noise = _Noise(text, start, end)
    tables = _delimited_tables(text, start, end, noise)
    tables += _free(_space_tables(text, start, end, noise), tables)
    tables += _free(_word_tables(text, start, end, tables), tables)
    tables += _free(_line_tables(text, start, end), tables)
    return sorted(tables, key=lambda t: t.start)


class _Noise:
    """The start offsets of the noise lines (page markers) of text[start:end], found on first use:
    a text with no line that could be a table row never pays for the noise scan."""

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end
        self.starts: set[int] | None = None

    def __contains__(self, pos: int) -> bool:
        if self.starts is None:
            self.starts = {s for s, _ in noise_spans(self.text, self.start, self.end)}
        return pos in self.starts


def _free(found: list[Table], taken: list[Table]) -> list[Table]:
    """The tables of `found` that overlap none of `taken` (whose spans never overlap: sorted by
    start, their ends are sorted too, so one bisection per table)."""
    spans = sorted((t.start, t.end) for t in taken)
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    out = []
    for t in found:
        k = bisect_right(ends, t.start)  # the first taken table ending after t starts
        if k == len(spans) or starts[k] >= t.end:
            out.append(t)
    return out


def _lines_holding(pattern: re.Pattern[str], text: str, start: int, end: int, noise: _Noise):
    """(line start, line end) of every line of text[start:end] where pattern matches, noise lines
    aside: one regex scan, each line visited once."""
    pos = start
    while True:
        m = pattern.search(text, pos, end)
        if m is None:
            return
        line_start = max(text.rfind("\n", start, m.start()) + 1, start)
        nl = text.find("\n", m.start(), end)
        line_end = end if nl == -1 else nl
        pos = line_end + 1
        if line_start not in noise and text[line_start:line_end].strip():
            yield line_start, line_end
        if pos > end:
            return


def _delimited_tables(text: str, start: int, end: int, noise: _Noise) -> list[Table]:
    """Runs of consecutive lines that are pipe rows or tab rows. A noise line (page marker) inside
    a run does not break it; a blank line does."""
    tables: list[Table] = []
    run: list[tuple[str, int, int]] = []  # (style, line start, line end)
    prev_end = -2
    for line_start, line_end in _lines_holding(_TABLE_CHAR, text, start, end, noise):
        body = text[line_start:line_end].strip()
        style = "pipe" if body[:1] in PIPES or not ("\t" in body) else "tab"
        if run and (style != run[-1][0] or not _adjacent(text, prev_end, line_start, noise)):
            tables.extend(_table_of(text, run))
            run = []
        run.append((style, line_start, line_end))
        prev_end = line_end
    if run:
        tables.extend(_table_of(text, run))
    return tables


def _adjacent(text: str, prev_end: int, line_start: int, noise: _Noise) -> bool:
    """Is the line at line_start the next line after prev_end, noise lines between aside?"""
    i = prev_end + 1
    while i < line_start:
        if i not in noise:
            return False
        nl = text.find("\n", i, line_start)
        if nl == -1:
            return False
        i = nl + 1
    return i == line_start


def _split(text: str, s: int, e: int, style: str) -> Row:
    """The cells of one line, each with its source offsets."""
    pad = " \r\u3000" if style == "tab" else " \t\r\u3000"  # a tab at either end bounds an empty cell
    while s < e and text[s] in pad:
        s += 1
    while e > s and text[e - 1] in pad:
        e -= 1
    bounds: list[int] = [s - 1]
    for i in range(s, e):
        ch = text[i]
        if (ch == "\t") if style == "tab" else (ch in PIPES and text[i - 1] != "\\"):
            bounds.append(i)
    bounds.append(e)
    if style == "pipe":  # outer pipes open and close the row: no cell before the first or after the last
        if len(bounds) > 2 and bounds[1] == s:
            bounds.pop(0)
        if len(bounds) > 2 and bounds[-2] == e - 1:
            bounds.pop()
    cells = []
    for a, b in zip(bounds, bounds[1:]):
        cs, ce = a + 1, b
        while cs < ce and text[cs].isspace():
            cs += 1
        while ce > cs and text[ce - 1].isspace():
            ce -= 1
        cells.append(Cell(cs, ce, text[cs:ce]))
    return Row(s, e, cells)


def _filled(row: Row) -> int:
    return sum(1 for c in row.cells if c.text)


def _table_of(text: str, run: list[tuple[str, int, int]]) -> list[Table]:
    style = run[0][0]
    lines = [_split(text, s, e, style) for _, s, e in run]
    return _assemble(text, [r for r in lines if r.cells], style)


def _assemble(text: str, lines: list[Row], style: str) -> list[Table]:
    """A table of its lines: caption rows, header rows (one, or two when the second says a year or
    a kind, or continues the first's wrapped cells), data rows; [] when it is not a table."""
    separators = [i for i, r in enumerate(lines) if style == "pipe" and r.cells and all(_SEPARATOR_CELL.match(c.text) for c in r.cells)]
    if len(lines) < 2 or sum(1 for r in lines if _filled(r) >= 2) < 2:
        return []
    if style == "pipe" and not separators and not all(text[r.start] in PIPES for r in lines):
        return []  # prose lines that merely hold a | (菜单 | 首页) are not a table
    body = [r for i, r in enumerate(lines) if i not in separators]
    captions: list[str] = []
    while body and _filled(body[0]) <= 1:  # a title row spanning the table (2024年重点指标表)
        captions.append(" ".join(c.text for c in body[0].cells if c.text))
        body.pop(0)
    if len(body) < 2:
        return []
    if separators:
        n_head = max(1, sum(1 for r in lines[: separators[0]] if _filled(r) >= 2))
    elif _holds_values(body[0]):
        n_head = 0  # no header: the first row is data already (企业开办 | 1个工作日)
    else:
        n_head = 1
        while n_head < min(3, len(body) - 1) and _second_header_row(body[n_head]):
            n_head += 1
    head, rows = body[:n_head], body[n_head:]
    if not rows:
        return []
    header = _combined_header(head, max(len(r.cells) for r in body))
    caption = " ".join(captions) or _line_above(text, lines[0].start)
    return [Table(lines[0].start, lines[-1].end, style, lines, header, rows, caption)]


def _holds_values(row: Row) -> bool:
    """Does a row hold a value cell right of its first cell (a bare year such as 2024 is a header)?"""
    return any(q.value is not None or not YEAR.fullmatch(c.text) for c in row.cells[1:] for q in _quantities(c.text))


def _second_header_row(row: Row) -> bool:
    """A further header row: no value cell, and a year or a kind cue (2023年 | 2024年 over
    目标 | 完成), or an empty first cell (the wrapped rest of the header above: 2023年完成 / 情况)."""
    if any(_quantities(c.text) for c in row.cells):
        return False
    if row.cells and not row.cells[0].text and _filled(row) >= 1:
        return True
    return _header_like(row.cells)


def _header_like(cells: list[Cell]) -> bool:
    """Does a row read like a header: a year column (2024年目标值; a date such as 2024年3月 is a
    cell of a timetable) or a kind or column cue?"""
    return any((YEAR.search(c.text) and not _DATE.search(c.text)) or {"kind", "column"} & cue_sets(c.text, "header").keys()
               for c in cells if c.text)


def _combined_header(head: list[Row], n: int) -> list[Cell]:
    """One header per column. An empty cell of an upper header row belongs to the merged cell on its left."""
    columns: list[list[Cell]] = [[] for _ in range(n)]
    for k, row in enumerate(head):
        last: Cell | None = None
        for j in range(n):
            cell = row.cells[j] if j < len(row.cells) else None
            if cell is not None and cell.text:
                last = cell
            elif k < len(head) - 1 and last is not None and j > 0 and not _continues(head[k + 1], j):
                cell = last  # horizontally merged
            if cell is not None and cell.text:
                columns[j].append(cell)
    out = []
    for cells in columns:
        if cells:
            out.append(Cell(cells[-1].start, cells[-1].end, "".join(c.text for c in cells)))
        else:
            out.append(Cell(-1, -1, ""))
    return out


def _continues(row: Row, j: int) -> bool:
    """Is the row below a wrapped continuation (empty first cell) with nothing in column j? Then an
    empty cell above is empty, not merged."""
    return bool(row.cells) and not row.cells[0].text and not (j < len(row.cells) and row.cells[j].text)


def _line_above(text: str, start: int) -> str:
    """The short line right above a table, when it reads like its title (…指标表, 2024年…)."""
    end = text.rfind("\n", 0, start)
    if end > 0 and not text[text.rfind("\n", 0, end) + 1 : end].strip():
        end = text.rfind("\n", 0, end)  # one blank line may stand between the title and its table
    if end <= 0:
        return ""
    begin = text.rfind("\n", 0, end) + 1
    line = text[begin:end].strip()
    return line if 0 < len(line) <= 60 and not re.search(r"[。；;]$", line) else ""


# ---------------------------------------------------------------- space-aligned tables (PDF text)


def _space_tables(text: str, start: int, end: int, noise: _Noise) -> list[Table]:
    """Runs of consecutive lines with a gap of spaces between cells (no | or tab: those are the
    delimited tables'). Columns are aligned by position: a row with an empty cell has fewer gaps."""
    rows = [(a, b) for a, b in _gap_lines(text, start, end)
            if a not in noise and not _TABLE_CHAR.search(text, a, b)
            and not _PROSE.search(text, a, b)]  # 第一条　为了…。: an article, not a row
    runs = _runs(rows, lambda prev, line: _adjacent(text, prev[1], line[0], noise))
    return [table for run in runs for table in _space_table_of(text, run)]


def _runs(lines: list[tuple[int, int]], continues) -> list[list[tuple[int, int]]]:
    """Consecutive (start, end) lines grouped into runs; `continues(previous, line)` says whether a
    line carries on the run of the one before it."""
    runs: list[list[tuple[int, int]]] = []
    for line in lines:
        if runs and continues(runs[-1][-1], line):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _gap_lines(text: str, start: int, end: int):
    """(start, end) of every line of text[start:end] with a gap of 2+ spaces or full-width spaces
    between two cells; an indent (spaces opening a line) is no gap. str.find keeps the scan at
    C speed: a paragraph indent costs one step, a line is visited once."""
    double, wide = text.find("  ", start, end), text.find("\u3000", start, end)
    while double != -1 or wide != -1:
        i = double if wide == -1 or (double != -1 and double < wide) else wide
        j = i + 1
        while j < end and text[j] in " \u3000":
            j += 1
        if i > start and not text[i - 1].isspace() and j < end and not text[j].isspace():
            nl = text.find("\n", j, end)
            line_end = end if nl == -1 else nl
            yield max(text.rfind("\n", start, i) + 1, start), line_end
            j = line_end
        if double != -1 and double < j:
            double = text.find("  ", j, end)
        if wide != -1 and wide < j:
            wide = text.find("\u3000", j, end)


def _space_cells(text: str, s: int, e: int) -> list[Cell]:
    """The cells of a space-aligned line: the text between gaps, with source offsets."""
    return _space_cells_by(text, s, e, _GAP_SPLIT)


def _space_cells_by(text: str, s: int, e: int, gap: re.Pattern[str]) -> list[Cell]:
    cells = []
    pos = s
    for m in gap.finditer(text, s, e):
        if m.start() > pos:
            cells.append(Cell(pos, m.start(), text[pos : m.start()]))
        pos = m.end()
    if e > pos:
        cells.append(Cell(pos, e, text[pos:e]))
    return [Cell(c.start + len(c.text) - len(c.text.lstrip()), c.end - len(c.text) + len(c.text.rstrip()), c.text.strip())
            for c in cells if c.text.strip()]


def _space_table_of(text: str, run: list[tuple[int, int]]) -> list[Table]:
    lines = [(s, e, _space_cells(text, s, e)) for s, e in run]
    grid_start, _, grid = max(lines, key=lambda line: len(line[2]))  # the row with every column filled
    xs = [c.start - grid_start for c in grid]
    rows = [Row(cells[0].start, cells[-1].end, _aligned(cells, s, xs)) for s, e, cells in lines if cells]
    return _assemble(text, rows, "space")


# ---------------------------------------------------------------- tables as the PDF reader gives them: one space between cells


def _word_tables(text: str, start: int, end: int, taken: list[Table]) -> list[Table]:
    """Rows whose cells are apart by one space (pdfplumber's text of a PDF table): a header line
    with a year or a kind cue, then lines with as many space-free cells, each a label and values.
    A cell holding a space cannot be told from two cells, so the table ends at the first line
    whose count differs."""
    ends = sorted(t.end for t in taken)
    starts = sorted(t.start for t in taken)

    def taken_already(line_start: int) -> bool:  # a row of a table found already (wider gaps)
        k = bisect_right(ends, line_start)
        return k < len(starts) and starts[k] <= line_start

    rows = [(a, b) for a, b in _spaced_lines(text, start, end) if not taken_already(a)]
    runs = _runs(rows, lambda prev, line: line[0] == prev[1] + 1)  # rows are the lines right below each other
    return [table for run in runs for table in _word_tables_of(text, run)]


def _spaced_lines(text: str, start: int, end: int):
    """(start, end) of every line of text[start:end] with a space between two words, once each."""
    i = text.find(" ", start, end)
    while i != -1:
        line_start = max(text.rfind("\n", start, i) + 1, start)
        nl = text.find("\n", i, end)
        line_end = end if nl == -1 else nl
        if text[line_start:line_end].strip().count(" "):
            yield line_start, line_end
        i = text.find(" ", line_end, end) if line_end < end else -1


def _word_tables_of(text: str, run: list[tuple[int, int]]) -> list[Table]:
    """The tables of a run of spaced lines. Only a line with a header word (one regex search) is
    split and tried as a header; the lines below it are read while they make rows."""
    tables: list[Table] = []
    k = 0
    while k < len(run):
        if not _may_head(text, run, k):
            k += 1
            continue
        head = _space_cells_by(text, *run[k], _WORD_SPLIT)
        if not _header_like(head) or any(_quantities(c.text) for c in head):
            k += 1
            continue
        lines = [head]
        while k + len(lines) < len(run):
            cells = _space_cells_by(text, *run[k + len(lines)], _WORD_SPLIT)
            if len(cells) != len(head) or not _word_row(cells):
                break
            lines.append(cells)
        if len(lines) >= 3:  # a header and two rows at least: one line could be anything
            tables.extend(_assemble(text, [Row(c[0].start, c[-1].end, c) for c in lines], "space"))
            k += len(lines)
        else:
            k += 1
    return tables


def _may_head(text: str, run: list[tuple[int, int]], k: int) -> bool:
    """Cheap tests first: line k has a header word and 2 to 8 cells, and the next line as many
    cells, its last holding a digit, neither a sentence (prose with spaces fails here, before any
    cell is read)."""
    if k + 1 >= len(run):
        return False
    (s, e), (s2, e2) = run[k], run[k + 1]
    head, row = text[s:e].split(), text[s2:e2].split()
    return (2 <= len(head) <= _MAX_LINE_COLUMNS and len(row) == len(head) and any(ch.isdigit() for ch in row[-1])
            and _header_hint().search(text, s, e) is not None
            and not _TABLE_CHAR.search(text, s, e2) and not _PROSE.search(text, s, e2))


def _word_row(cells: list[Cell]) -> bool:
    """A data row: a label (after a serial number), then values or dashes, one a value at least."""
    label = 1 if _is_serial(cells[0].text) else 0
    if label >= len(cells) - 1 or _quantities(cells[label].text):
        return False
    values = [c.text for c in cells[label + 1 :]]
    return all(v in _EMPTY or _quantities(v) for v in values) and any(v not in _EMPTY for v in values)


def _aligned(cells: list[Cell], line_start: int, xs: list[int]) -> list[Cell]:
    """One cell per column: a line with fewer cells than columns puts each cell under the column
    whose start is nearest, keeping their order; the others are empty."""
    n = len(xs)
    if len(cells) == n:
        return cells
    out = [Cell(cells[-1].end, cells[-1].end, "") for _ in range(n)]
    j = 0
    for k, c in enumerate(cells):
        last = n - (len(cells) - k)  # leave a column for every cell still to place
        x = c.start - line_start
        j = min(range(j, last + 1), key=lambda i: abs(xs[i] - x))
        out[j] = c
        j += 1
    return out


# ---------------------------------------------------------------- tables read one cell per line (PDF text)


def _line_tables(text: str, start: int, end: int) -> list[Table]:
    """Tables whose cells come one per line: a header of n short lines (one with a year or a kind
    cue), then rows of n lines, each a label and values (a serial number may come first)."""
    tables: list[Table] = []
    first = _SHORT_LINES_AT.match(text, start, end)  # a run on the first line has no \n before it
    rest = first.end() - 1 if first and text[first.end() - 1] == "\n" else (first.end() if first else start)
    runs = ([first] if first else []) + list(_SHORT_LINES.finditer(text, rest, end))
    for m in runs:
        if not _header_hint().search(text, m.start(), m.end()):
            continue  # no line could head a table (a list, a table of contents): one regex pass, no cell read
        run = _LineRun(_line_cells(text, m.start(), m.end()))
        i = 0
        while i < len(run.cells):  # a run may hold several tables: each search starts where the last ended
            table, i = _line_table(text, run, i)
            if table is not None:
                tables.append(table)
    return tables


def _line_cells(text: str, s: int, e: int) -> list[Cell]:
    out = []
    for m in re.finditer(r"[^\n]+", text[s:e]):
        raw = m.group()
        # a line holding only | separates cells (html read line by line); a cell may end with its own
        # bar ("营商环境 建设局 |", "478 |"), and a row of bars (|||||) only marks the columns
        body = raw.strip().rstrip("|｜").rstrip()
        if body and body.strip("|｜ "):
            a = s + m.start() + len(raw) - len(raw.lstrip())
            out.append(Cell(a, a + len(body), body))
    return out


class _LineRun:
    """The lines of a run of short lines, each judged once: a value, a header cell, a category."""

    def __init__(self, cells: list[Cell]):
        self.cells = cells
        self.value = [bool(_quantities(c.text)) for c in cells]
        self.head = [not v and _header_like([c]) for c, v in zip(cells, self.value)]
        self.category = [not v and bool(_CATEGORY.match(c.text)) for c, v in zip(cells, self.value)]


def _line_table(text: str, run: _LineRun, i: int) -> tuple[Table | None, int]:
    """The table whose header starts at or after line i of the run, trying each header length,
    and where to look next: after the table, or after the first value when the lines make none."""
    cells = run.cells
    first_value = next((k for k in range(i, len(cells)) if run.value[k]), None)
    if first_value is None:
        return None, len(cells)
    best: tuple[int, int, int] | None = None  # (rows, header start, header length)
    ends = {_before_categories(run, first_value, i), _before_categories(run, first_value - 1, i)}  # serial first, label first
    for head_start in range(max(i, first_value - _MAX_LINE_COLUMNS - 3), first_value):
        for n in sorted(end - head_start for end in ends):
            if 2 <= n <= _MAX_LINE_COLUMNS and any(run.head[head_start : head_start + n]):
                got = len(_line_rows(run, head_start + n, n))
                if got >= 2 and (best is None or got >= best[0]):  # a tie: the narrower header, its title above it
                    best = (got, head_start, n)
    if best is None or (best[1] > i and _SERIAL_HEADER.match(cells[best[1] - 1].text)):
        # no header fits, or 序号 stands above the one found: a merged header wider than its rows
        table = _serial_table(text, run, i, first_value)
        if table is not None:
            return table, _line_index(run, table.end) + 1
    if best is None:
        return None, first_value + 1
    _, head_start, n = best
    header_cells = cells[head_start : head_start + n]
    head = Row(header_cells[0].start, header_cells[-1].end, header_cells)
    rows = _line_rows(run, head_start + n, n)
    title = " ".join(c.text for c in cells[max(i, head_start - 2) : head_start]) or _line_above(text, head.start)
    used = head_start + n + sum(len(r.cells) for r in rows)
    return Table(head.start, rows[-1].end, "line", [head, *rows], header_cells, rows, title), used


def _serial_table(text: str, run: _LineRun, i: int, first_value: int) -> Table | None:
    """serial_rows: rows numbered 1, 2, 3…, one cell per line, as wide as the numbering's period (a serial,
    a label, values), under a header of another length: merged header cells flattened line by line
    (派遣案件总数 over 总计 | 12345热线 | 政民互动, each over 按时办结 | 超时办结 | 未办结). Which header
    line names which column is then unknown, so a value's unit is its cell's or its column's (column_unit,
    count_header)."""
    cells = run.cells
    for p in range(first_value, min(len(cells) - 1, first_value + 2 * _MAX_SERIAL_COLUMNS)):
        if _serial_number(cells[p].text) != 1:
            continue
        n = next((n for n in range(3, _MAX_SERIAL_COLUMNS + 1) if p + 2 * n <= len(cells)
                  and _serial_number(cells[p + n].text) == 2 and _numbered_row(run, p, n) and _numbered_row(run, p + n, n)), None)
        head_start = next((k for k in range(max(i, p - 2 * _MAX_SERIAL_COLUMNS), p - 1) if run.head[k]), None)
        if n is None or head_start is None:
            continue
        rows = []
        k = p
        while k + n <= len(cells) and _serial_number(cells[k].text) == len(rows) + 1 and _numbered_row(run, k, n):
            rows.append(Row(cells[k].start, cells[k + n - 1].end, cells[k : k + n]))
            k += n
        if k + n - 1 <= len(cells) and _TOTAL_LABEL.match(cells[k].text) and _values(run, range(k + 1, k + n - 1)):
            rows.append(Row(cells[k].start, cells[k + n - 2].end, [Cell(cells[k].start, cells[k].start, ""), *cells[k : k + n - 1]]))
        head_lines = cells[head_start:p]
        if len(head_lines) == n:
            header = head_lines
        else:  # the serial's and the label's header lines, then columns without a name
            header = [*head_lines[:2], *(Cell(c.end, c.end, "") for c in [head_lines[-1]] * (n - 2))]
        head = Row(head_lines[0].start, head_lines[-1].end, head_lines)
        title = " ".join(c.text for c in cells[max(i, head_start - 2) : head_start]) or _line_above(text, head.start)
        counted = len(head_lines) != n and _counting_header(" ".join(c.text for c in head_lines))
        return Table(head.start, rows[-1].end, "line", [head, *rows], header, rows, title, counted, label_column=1)
    return None


def _numbered_row(run: _LineRun, k: int, n: int) -> bool:
    """Lines k…k+n-1 are a serial number, a text label, then cells at least one of which is a value (the
    numbering marks the rows, so a row may hold text: 需提交的要件 | 具体流程 | 5-7 | 备注)."""
    label = k + 1
    if run.value[label] or run.head[label] or run.cells[label].text in _EMPTY:
        return False
    return any(run.value[j] for j in range(label + 1, k + n)) and not any(run.category[j] for j in range(label + 1, k + n))


def _serial_number(cell: str) -> int | None:
    return int(re.match(r"[0-9]+", cell).group()) if _is_serial(cell) else None


def _line_index(run: _LineRun, end: int) -> int:
    return next(k for k, c in enumerate(run.cells) if c.end >= end)


def _counting_header(header: str) -> bool:
    """count_header: a header whose names of quantities are counts (派遣案件总数, 不满意数, 受理量) and rates, and
    never a time, an amount of money, an area or persons (办理天数, 金额, 人数): its bare numbers are counts."""
    return bool(_COUNTING_WORD.search(header)) and not _OTHER_QUANTITY_WORD.search(header)


def _before_categories(run: _LineRun, i: int, floor: int) -> int:
    """Where the header ends when the first row starts at line i: before any category lines (一、…) above it."""
    while i > floor and run.category[i - 1]:
        i -= 1
    return i


def _line_rows(run: _LineRun, i: int, n: int) -> list[Row]:
    """Rows of n lines from line i: a category line (一、…) is a row of its own; the table ends
    where a group of n lines is not a label and values."""
    rows: list[Row] = []
    cells = run.cells
    while i < len(cells):
        if run.category[i]:
            rows.append(Row(cells[i].start, cells[i].end, [cells[i]]))
            i += 1
            continue
        if i + n <= len(cells) and _label_and_values(run, i, n):
            rows.append(Row(cells[i].start, cells[i + n - 1].end, cells[i : i + n]))
            i += n
        elif i + n + 1 <= len(cells) and _two_line_label(run, i, n):
            label = Cell(cells[i].start, cells[i + 1].end, cells[i].text + cells[i + 1].text)
            rows.append(Row(cells[i].start, cells[i + n].end, [label, *cells[i + 2 : i + n + 1]]))
            i += n + 1
        else:
            break
    while rows and len(rows[-1].cells) == 1:
        rows.pop()
    return rows


def _label_and_values(run: _LineRun, i: int, n: int) -> bool:
    """Lines i…i+n-1 make a row: a text label (after a serial number; never a header cell such as
    2024年目标值), then values or dashes, at least one a value."""
    label = i + 1 if _is_serial(run.cells[i].text) else i
    end = i + n
    if label >= end - 1 or run.value[label] or run.head[label] or run.cells[label].text in _EMPTY:
        return False
    return _values(run, range(label + 1, end))


def _two_line_label(run: _LineRun, i: int, n: int) -> bool:
    """two_line_label: a row label wrapped onto two lines (房屋土地⏎管理类), then the row's n-1 values."""
    if any(run.value[k] or run.head[k] or run.category[k] or run.cells[k].text in _EMPTY for k in (i, i + 1)):
        return False
    return _values(run, range(i + 2, i + n + 1))


def _values(run: _LineRun, lines: range) -> bool:
    """The lines are values or dashes, at least one a value."""
    return all(run.value[k] or run.cells[k].text in _EMPTY for k in lines) and any(run.value[k] for k in lines)


def _is_serial(cell: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{1,3}[.．、]?", cell))


# ---------------------------------------------------------------- cells


@dataclass
class Quantity:
    start: int  # offsets of the number inside the cell text
    end: int
    number_text: str
    value: float | None  # None: a bare number, its unit comes from the row or column
    unit: str = ""
    unit_kind: str = ""
    unit_text: str = ""
    comparator: str | None = None
    change: bool = False
    negative: bool = False  # a minus sign before it (环比 -41.46): a fall


_MINUS = re.compile(r"^\s*[-－−]\s*$")


def _quantities(cell: str) -> list[Quantity]:
    """The numbers of a value cell (one, or the two ends of a range), or [] when the cell is not
    a value (prose, a date, a 文号, a dash)."""
    if not cell or not re.search(r"[0-9０-９一二三四五六七八九十两百千万]", cell):
        return []
    cands = find_candidates(cell)
    if any(c.unit == "year" and 1900 <= c.value <= 2100 for c in cands):
        return []  # a year or a date (2024年6月底)
    if len(cands) == 1:
        c = cands[0]
        q = [Quantity(c.start, c.end, c.number_text, c.value, c.unit, c.unit_kind, c.unit_text)]
        residue = cell[: c.start] + " " + cell[c.unit_end :]
    elif len(cands) == 2 and _RANGE_SEP.match(cell[cands[0].end : cands[1].start]) or (
            len(cands) == 2 and _RANGE_SEP.match(cell[cands[0].unit_end : cands[1].start])):
        low, high = cands
        q = [Quantity(low.start, low.end, low.number_text, low.value, high.unit, high.unit_kind, high.unit_text, "ge"),
             Quantity(high.start, high.end, high.number_text, high.value, high.unit, high.unit_kind, high.unit_text, "le")]
        residue = cell[: low.start] + " " + cell[high.unit_end :]
    elif not cands:
        numbers = list(_BARE_NUMBER.finditer(cell))
        if len(numbers) == 2 and _RANGE_SEP.match(cell[numbers[0].end() : numbers[1].start()]) and not all(
                YEAR.fullmatch(m.group()) for m in numbers):  # (2023-2025 is a period)
            low, high = numbers  # bare_range: 5-7 under 办理时限（工作日）, read in the header's unit
            q = [Quantity(low.start(), low.end(), low.group(), None, comparator="ge"),
                 Quantity(high.start(), high.end(), high.group(), None, comparator="le")]
            residue = cell[: low.start()] + " " + cell[high.end() :]
        elif len(numbers) == 1:
            m = numbers[0]
            q = [Quantity(m.start(), m.end(), m.group(), None)]
            residue = cell[: m.start()] + " " + cell[m.end() :]
        else:
            return []
    else:
        return []
    if len(q) == 1 and _MINUS.match(cell[: q[0].start]):  # cell_minus: -41.46 in a column of changes is a fall
        residue = " " + residue.lstrip().lstrip("-－−")
        q[0].negative = True
    if _cell_words().sub("", residue).strip():
        return []  # words besides the number: prose, left to the sentence extractor
    sets = cue_sets(residue, "cell")
    for x in q:
        x.comparator = x.comparator or sets.get("comparator")
        x.change = sets.get("kind") == "change"
    return q


# count_header: a header naming a count by its measure word (受理件数, 办件量, 新增户数, 服务人次): its unit
_COUNT_HEADER = re.compile(r"(件次|人次|件|户|家|宗|笔|项)\s*(?:数|量)\s*$")
# a header naming a bare count or a score (交办总量, 知识库更新总数目, 评分): a count, or score points
_GENERIC_COUNT_HEADER = re.compile(r"(?:总量|总数目?|数目|数量)\s*$")
_SCORE_HEADER = re.compile(r"(?:评分|得分|综合得分|总分)\s*$")


def _unit_in(text: str) -> tuple[str, float, str, str] | None:
    """A unit named in brackets (企业开办时间（个工作日）, 目标值（%）, （单位：万户）) or by a count's
    measure word at the end (受理件数, 办件量): (unit, factor, kind, surface)."""
    text = without_joiners(text)
    for m in reversed(list(_BRACKET.finditer(text))):
        surface = m.group(1)
        found = _value_with_unit("1", surface)
        if found:
            return found[1], found[0], found[2], surface
    if count := _COUNT_HEADER.search(text):
        found = _value_with_unit("1", count.group(1))
        if found:
            return found[1], found[0], found[2], count.group(1)
    return None


def _vague_unit_in(text: str) -> str | None:
    """The unit a header implies by naming a bare count or a score (交办总量, 评分): weaker than a caption's
    单位：万户, so read only when nothing else gives one."""
    text = without_joiners(text)
    for header, surface in ((_GENERIC_COUNT_HEADER, "个"), (_SCORE_HEADER, "分")):
        if header.search(text):
            return surface
    return None


def _value_with_unit(number: str, surface: str) -> tuple[float, str, str] | None:
    """A bare number read with a unit written elsewhere: (value in the unit, unit, unit kind)."""
    cands = find_candidates(number + surface)
    if len(cands) == 1 and cands[0].start == 0 and cands[0].unit_end == len(number) + len(surface):
        return cands[0].value, cands[0].unit, cands[0].unit_kind
    return None


# ---------------------------------------------------------------- measures


@dataclass
class _Column:
    role: str  # skip | unit | baseline | label | value | before (left of the label column)
    header: str
    sets: dict[str, str] = field(default_factory=dict)
    year: int | None = None
    cell_unit: str = ""  # the unit of the column's bare numbers: the ratio unit its other values write (%), or a count


def _columns(table: Table) -> list[_Column]:
    n = len(table.header)
    cols = []
    for h in table.header:
        sets = cue_sets(h.text, "header")
        role = sets.get("column", "")
        if table.label_column is not None and len(cols) <= table.label_column:
            role = "label" if len(cols) == table.label_column else "before"  # the serial numbers left of it
        years = [int(m.group(2) or m.group(1)) for m in YEAR.finditer(h.text)]
        year = years[-1] if years else (int(sets["year"]) if "year" in sets else None)
        cols.append(_Column(role, h.text, sets, year))
    # What the column holds: text (labels, tasks) or numbers. The row label is the last text column
    # before the first column of numbers (类别 | 指标 | 2024年目标值: 指标); a serial column is left of it.
    holds: list[str] = []
    for j in range(n):
        texts = numbers = 0
        for row in table.rows if not cols[j].role else []:
            cell = row.cells[j].text if j < len(row.cells) else ""
            if cell in _EMPTY:
                continue
            if _quantities(cell):
                numbers += 1
            else:
                texts += 1
        holds.append("text" if texts > numbers else "number" if numbers else "")
    text_cols = [j for j in range(n) if holds[j] == "text"]
    label = None
    if text_cols:
        first_number = next((j for j in range(text_cols[0], n) if holds[j] == "number"), None)
        label = text_cols[0] if first_number is None else max(j for j in text_cols if j < first_number)
    for j in range(n):
        if not cols[j].role:
            cols[j].role = "value" if label is None or j > label else ("label" if j == label else "before")
        if cols[j].role == "value":
            cols[j].cell_unit = _column_ratio_unit(table, j) or ("件" if table.counted and not cols[j].header else "")
    return cols


def _column_ratio_unit(table: Table, j: int) -> str:
    """column_unit: the ratio unit (%, 个百分点) that value cells of column j write and no cell contradicts; a
    bare number of the column is read in it (a hotline table writes 17.38% under 32.63 and -41.46)."""
    written = {q.unit: q.unit_text for row in table.rows if j < len(row.cells)
               for q in _quantities(row.cells[j].text) if q.value is not None}
    return next(iter(written.values())) if len(written) == 1 and written.keys() <= RATIO_UNITS else ""


def table_measures(text: str, table: Table, doc: Document, region: RegionRef | None) -> list[Measure]:
    """Every measure of a table's value cells."""
    return _read_table(text, table, doc, region)[0]


def _facts(text: str, doc: Document, region: RegionRef | None) -> DocumentFacts:
    """The document's type, issue year and plan year, as the sentence extractor reads them."""
    return document_facts(doc, text[doc.char_start : min(doc.char_end, doc.char_start + 20000)], region)


def _read_table(text: str, table: Table, doc: Document, region: RegionRef | None,
                facts: DocumentFacts | None = None) -> tuple[list[Measure], set[int]]:
    """(measures, source offsets of every number read: the measures' and their baselines')."""
    cols = _columns(table)
    if any(c.sets.get("table") == "names" for c in cols):
        return [], set()  # a list of projects or firms: its numbers describe them, they commit to nothing
    label_col = next((j for j, c in enumerate(cols) if c.role == "label"), None)
    unit_col = next((j for j, c in enumerate(cols) if c.role == "unit"), None)
    facts = facts or _facts(text, doc, region)
    caption_years = [int(m.group(2) or m.group(1)) for m in YEAR.finditer(table.caption)]
    default_year = caption_years[-1] if caption_years else facts.default_year
    base_year = doc.period_start or facts.issue_year
    results_caption = bool(RESULTS_CAPTION.search(table.caption))
    unit_match = _CAPTION_UNIT.search(table.caption)
    table_unit = unit_match.group(1) if unit_match else None
    out: list[Measure] = []
    read: set[int] = set()
    label = group = ""
    for row in table.rows:
        cells = row.cells
        if _filled(row) == 1:
            only = next(c.text for c in cells if c.text)
            if not _quantities(only):
                group = only  # a category row (一、市场环境) heads the rows under it
                continue
        if label_col is not None:
            own = cells[label_col].text if label_col < len(cells) else ""
            label = own or label  # an empty label cell is the lower part of a vertically merged one
        context = [c.text for j, c in enumerate(cells[: len(cols)]) if cols[j].role == "before" and c.text and not _quantities(c.text)]
        row_unit = None
        if unit_col is not None and unit_col < len(cells) and cells[unit_col].text:
            row_unit = cells[unit_col].text
        if table_unit and any(m.group(1) != table_unit for m in _BRACKET.finditer(label)):
            table_unit = None  # a row in another unit (构成（%）, 指数（上年=100）): the caption's unit held above it only
        sub_region = _sub_region(label, region)
        evidence = _WS.sub("", text[row.start : row.end])
        found: list[tuple[Measure, bool]] = []  # (measure, from a baseline column)
        for j, cell in enumerate(cells[: len(cols)]):
            col = cols[j]
            if col.role not in ("value", "baseline") or not cell.text:
                continue
            for q in _quantities(cell.text):
                m = _measure(q, cell, col, label, row_unit, table_unit, sub_region, region, context + [group], doc)
                if m is None:
                    continue
                if facts.regulation and m.kind == "":
                    m.kind = "rule"  # a regulation's table sets limits in force, for no year
                if facts.summary and m.kind == "":
                    m.kind, m.trace = "actual", m.trace + "|summary_table"  # a report's table of results
                if m.kind == "" and results_caption:
                    m.kind, m.trace = "actual", m.trace + "|results_caption"  # 据统计，…大幅提升：over the table
                if m.target_year is None and m.kind != "rule":
                    m.target_year = default_year
                if m.kind == "":
                    m.kind = "actual" if (base_year and m.target_year and m.target_year < base_year) else "target"
                m.evidence, m.evidence_start, m.evidence_end = evidence, row.start, row.end
                found.append((m, col.role == "baseline"))
        for m in _with_baselines(found):
            out.append(m)
        read.update(m.char_start for m, _ in found)
    return out, read


def _with_baselines(found: list[tuple[Measure, bool]]) -> list[Measure]:
    """A row's measures once its baseline (基期值, 现状值) is the baseline_value of its targets in
    the same unit; a baseline with no such target is a level in force (actual) of its own."""
    bases = [m for m, is_base in found if is_base]
    if len(bases) >= 2 and len({b.unit for b in bases}) == 1 and all(is_base for _, is_base in found):
        # 改革前 | 现状值 and no target: the later column is the level now, the earlier its baseline
        level = bases[-1]
        level.baseline_value = bases[0].value
        return [level]
    out = []
    for m, is_base in found:
        if is_base:
            if not any(t.unit == m.unit and t.kind in ("target", "rule") for t, b in found if not b) or len(bases) > 1:
                out.append(m)
            continue
        same = [b for b in bases if b.unit == m.unit]
        if len(bases) == 1 and same and m.kind in ("target", "rule"):
            m.baseline_value = same[0].value
        out.append(m)
    return out


def _measure(q: Quantity, cell: Cell, col: _Column, label: str, row_unit: str | None, table_unit: str | None,
             sub_region: RegionRef | None, region: RegionRef | None, context: list[str], doc: Document) -> Measure | None:
    value, unit, unit_kind, unit_text = q.value, q.unit, q.unit_kind, q.unit_text
    if value is None:  # a bare number: the unit is the 单位 column's, the row label's, the header's or the caption's
        named = _unit_in(label) or _unit_in(col.header)
        vague = _vague_unit_in(label) or _vague_unit_in(col.header)
        # (the column's own cells last: column_unit, 32.63 in a column whose other cells say 73.95%)
        for surface in [s for s in (row_unit, named[3] if named else None, table_unit, vague, col.cell_unit) if s]:
            found = _value_with_unit(q.number_text, surface)
            if found:
                (value, unit, unit_kind), unit_text = found, surface
                break
        if value is None:
            return None  # a number without a unit is never a measure
    if q.negative:
        value = -value
    label_sets = cue_sets(label, "label")
    change = unit in RATIO_UNITS and (q.change or label_sets.get("kind") == "change" or col.sets.get("kind") == "change")
    if change:
        kind = "change"
    elif col.role == "baseline":
        kind = "actual"
    else:
        kind = col.sets.get("kind", "")
        kind = "" if kind == "change" else kind
    comparator = q.comparator or col.sets.get("comparator") or label_sets.get("comparator")
    if comparator is None:
        comparator = "le" if unit_kind == "duration" and kind != "change" else "eq"
    subject = _subject(label) if label and not sub_region else _subject(col.header)
    # the same keyword rules as a sentence's: a change is never core, but may be a finer rate (市场主体增长率)
    code, code_rule = classify_traced(subject, [c for c in context if c], unit, kind=kind or "target")
    trace = ["table_cell", *cue_names(col.header, "header"), *cue_names(label, "label"), code_rule]
    where = sub_region or region
    start = cell.start + q.start
    return Measure(
        source_file=doc.source_file,
        char_start=start,
        char_end=cell.start + q.end,
        document_id=doc.document_id,
        region_code=where.code if where else None,
        region_name=where.name if where else None,
        indicator_code=code,
        subject=without_joiners(subject),
        value=tidy(value),
        unit=unit,
        comparator=comparator,
        kind=kind,
        baseline_value=None,
        target_year=col.year or _label_year(label),
        evidence="",
        number_text=q.number_text,
        unit_text=unit_text,
        trace="|".join(t for t in trace if t),
    )


def _label_year(label: str) -> int | None:
    """row_label_year: a row label naming one year (2024年新增经营主体) dates its cells when the column does not."""
    years = {int(m.group(2) or m.group(1)) for m in YEAR.finditer(label)}
    return years.pop() if len(years) == 1 else None


def _subject(text: str) -> str:
    """What a row label or a column header measures: brackets, years, serial numbers and cue words dropped."""
    s = _BRACKET.sub("", text)
    s = YEAR.sub("", s)
    s = re.sub(r"^\s*[0-9０-９]+\s*[.．、]\s*|年度?|^[一二三四五六七八九十]+、", "", s)
    return _WS.sub("", s)[:40]


def _sub_region(label: str, region: RegionRef | None) -> RegionRef | None:
    """A row label that is a region inside the document's region (昆明市, 西山区): the row is about it."""
    label = without_joiners(label)  # a pinyin annotation (大洼區(qū)) left joiners where it stood
    if region is None or not label or not re.search(r"[省市州县区盟旗]", label):
        return None
    mentions = find_mentions(label)
    if len(mentions) != 1:
        return None
    m = mentions[0]
    if m.start != 0 or m.end < len(label.strip()) or not m.code or m.kind not in ("full", "composite", "zone"):
        return None
    if m.code == region.code or not is_within(m.code, region.code):
        return None
    return RegionRef(m.code, m.region_name, "text")


# ---------------------------------------------------------------- the sentence extractor's view


def document_tables(text: str, doc: Document, region: RegionRef | None) -> tuple[list[Measure], list[tuple[int, int]]]:
    """The measures of a document's tables, and the spans the sentence extractor must not read again
    (every line of a table that gave measures, except cells holding numbers no measure came from)."""
    measures: list[Measure] = []
    blank: list[tuple[int, int]] = []
    facts: DocumentFacts | None = None
    for table in find_tables(text, doc.char_start, doc.char_end):
        facts = facts or _facts(text, doc, region)
        found, read = _read_table(text, table, doc, region, facts)
        if not found:
            continue  # not a table of values (tasks, units, dates): the prose reader keeps it
        measures.extend(found)
        starts = sorted(read)
        for line in table.lines:
            pos = line.start
            for cell in line.cells:
                if _unread(text, cell, starts):
                    blank.append((pos, cell.start))
                    pos = cell.end
            blank.append((pos, line.end))
    return measures, [(s, e) for s, e in blank if e > s]


def _unread(text: str, cell: Cell, starts: list[int]) -> bool:
    """A cell with a number and a unit that gave no measure (a task written as prose)."""
    k = bisect_left(starts, cell.start)
    if k < len(starts) and starts[k] < cell.end:
        return False
    return bool(cell.text) and bool(find_candidates(cell.text))


_NOT_NEWLINE = re.compile(r"[^\n]")


def blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """text with each span replaced by as many spaces, so every offset still holds."""
    if not spans:
        return text
    pieces = []
    pos = 0
    for s, e in sorted(spans):
        if s < pos:  # overlapping spans: the part not blanked yet
            s = pos
        pieces.append(text[pos:s])
        pieces.append(_NOT_NEWLINE.sub(" ", text[s:e]))  # a row read one cell per line keeps its line breaks
        pos = max(pos, e)
    pieces.append(text[pos:])
    return "".join(pieces)
