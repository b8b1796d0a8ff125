"""Metadata of one policy document: title, issuer, 文号, issue date, period and type.

Everything is read from the head of the document with noise lines (page markers, paywall and
advertising lines) removed, so a page marker inside a title does not break it. Lines are
compared "squeezed": whitespace dropped, except a single space between two ASCII words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .cleaning import clean_view
from .normalising import without_joiners
from .regions import province_short_names

# --- small text helpers -----------------------------------------------------------------

_SPACE = re.compile(r"[\s\u2060]+")  # U+2060: a joiner normalising.py put inside a split number
_MARKDOWN = re.compile(r"^[#*>\s]+|[*\s]+$")


@lru_cache(maxsize=1 << 16)  # splitting squeezes every line of a file several times
def squeeze(line: str) -> str:
    """A line without markdown marks and whitespace (kept only between two ASCII words)."""
    line = without_joiners(_MARKDOWN.sub("", line))  # a joiner stands inside one number or word
    parts = _SPACE.split(line.strip())
    out = parts[0] if parts else ""
    for p in parts[1:]:
        if out and p and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out


def fold(s: str) -> str:
    """Full-width forms folded to half-width (NFKC), for comparisons only."""
    return unicodedata.normalize("NFKC", s)


# --- patterns ---------------------------------------------------------------------------

YEAR = r"(?:19|20)\d{2}"
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}
_CN_DIGITS = "".join(_CN_DIGIT)
_DATE = re.compile(
    rf"(?P<y>{YEAR})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日"
    rf"|(?P<cy>[{_CN_DIGITS}]{{4}})\s*年\s*(?P<cm>[一二三四五六七八九十]{{1,2}})\s*月\s*(?P<cd>[一二三四五六七八九十]{{1,3}})\s*日"
)
_DATE_LINE = re.compile(
    rf"^(?:——|—|--|──|─)?[（(]?(?:{_DATE.pattern})[)）]?$"
    # the date line of a speech or report: ——2024年1月10日在…会议上 (（2024年1月10日在…上的讲话）)
    rf"|^(?:——|—|--|──|─|[（(])?\s*(?:{re.sub(r'[?]P<[a-z]+>', '', _DATE.pattern)})\s*在.{{2,80}}上(?:的(?:讲话|报告|发言|致辞))?[)）]?$"
    # the same line broken before its 会议上 (——2024年1月16日在某某区第十七届 / 人民代表大会第五次会议上)
    rf"|^(?:——|—|--|──|─)\s*(?:{re.sub(r'[?]P<[a-z]+>', '', _DATE.pattern)})\s*在.{{2,40}}$"
    # (or without its dash: 2024年1月16日在越城区 / 第十届人民代表大会第三次会议上; a short line, no clause)
    rf"|^(?:{re.sub(r'[?]P<[a-z]+>', '', _DATE.pattern)})\s*在[^，,。；;：:、]{{2,20}}$"
)
# a speech's or report's date line only (——2024年1月10日在…会议上), not a plain date
_REPORT_DATE_LINE = re.compile(rf"^(?:——|—|--|──|─|[（(])?\s*(?:{re.sub(r'[?]P<[a-z]+>', '', _DATE.pattern)})\s*在.{{2,80}}上")
# the date of an info block: 2023-03-15, 2023/3/15, 2023.03.15, 2023年3月15日
_ISO_DATE = re.compile(rf"(?<!\d)({YEAR})\s*[-/.．]\s*(\d{{1,2}})\s*[-/.．]\s*(\d{{1,2}})(?!\d)")
# title_page_date: a portal's date in brackets after the title: "…行动方案 ( 2021.05.07 )", "…报告(20230106)"
_PAGE_DATE = re.compile(rf"^\s*(?:({YEAR})\s*[-/.．]\s*(\d{{1,2}})\s*[-/.．]\s*(\d{{1,2}})|({YEAR})(\d{{2}})(\d{{2}}))\s*$")
_DOC_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,15}})\s*[〔\[【(（﹝［]\s*(?P<year>{YEAR})\s*[〕\]】)）﹞］]\s*第?\s*(?P<no>\d{{1,4}})\s*号"
)
# a line holding only a 文号 may have lost its closing 号 (a portal cut it: 咸安政发〔2019〕1)
_BARE_DOC_NUMBER = re.compile(
    rf"^(?P<prefix>[\u4e00-\u9fff]{{1,15}})\s*[〔\[【(（﹝［]\s*(?P<year>{YEAR})\s*(?:[〕\]】)）﹞］]\s*)?(?P<no>\d{{1,4}})$"
)  # the closing bracket may be lost too (南兴府办函〔202058: a portal dropped 〕 and 号)
_DOC_NUMBER_LINE = re.compile(
    rf"^(?:{_DOC_NUMBER.pattern})(?:签发人.*)?$|{re.sub(r'[?]P<[a-z]+>', '', _BARE_DOC_NUMBER.pattern)}"
)
_PREAMBLE = re.compile(
    r"^(?:签发人|签发|密级|紧急程度|特急|加急|平急|急件|公开方式|主动公开|依申请公开|不予公开|"
    r"[（(]?此件.{0,8}[)）]?$|-{3,}$|—{2,}$|\d{0,6}$|\d{1,4}\s*/\s*\d{1,4}$|"  # (a page counter: 0/0, 1/3)
    # page furniture: a logo's alt text, the contact line, a table's 序号 cell on its own line
    r"(?i:logo)$|联系我们.*|序号$|(?:地址|邮箱|电子邮箱|邮编|电话|传真)[:：].*|"
    # a page's headline with its stamp and source, over the document's own title: "…作政府工作报告2024-01-29来源:解放日报"
    r".{4,}(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\d{1,2}:\d{2}(?::\d{2})?)?来源[:：].{0,20}$|"
    # the masthead of an official document: 长春市人民政府文件, 中共某某县委员会文件
    r"[\u4e00-\u9fff（）()]{2,40}(?:人民政府|政府|办公厅|办公室|委员会|管委会|党委|局|厅)文件$|"
    # site_chrome_line: a site's or app's name and its buttons over a headline: 某某网首页, 某某日报新媒体,
    # 某某客户端, 某某国家级信息服务平台, 打开 / 打开APP / 下载客户端
    r"[\u4e00-\u9fffA-Za-z]{2,20}(?:首页|新媒体|客户端|信息服务平台)$|(?:打开|下载)(?:APP|App|app|客户端)?$|(?:APP|App)内打开$|"
    # a news site's bare name on its own line over the headline: 人民网, 某某新闻网
    r"[\u4e00-\u9fff]{2,6}[网網]$|"
    # a portal's site name or section name above the title: 某某区人民政府门户网站, 政策文件
    r"(?!关于).{0,24}(?:门户网站|政府网站?|人民政府网|信息公开平台|信息公开网|政务公开网)"
    r"(?:政务邮箱|无障碍|长者模式|关怀版|English|繁体版?|简体版?|繁體|登录|注册|手机版|网站地图|个人中心|[|｜/])*$|"
    # a report's meeting on its own line under the date line: 在某某市第十七届人民代表大会第三次会议上
    r"在.{2,40}(?:会议|大会)上(?:的(?:讲话|报告|发言))?$|"
    # a speaker with his title only: 市长某某某 (the government is named elsewhere)
    r"(?:总理|省长|市长|区长|县长|州长|旗长|盟长)[\u4e00-\u9fff·]{2,4}$|(?:政务公开|信息公开|政府信息公开|政策文件|政策法规|通知公告|政策解读|发布通知|通知发布|文件发布|信息发布|档案全文|全文|工作报告|规划计划|计划总结|统计信息)$)"
)
# --- named rules of the head of a document received from the wild (issue 11) ---------------------
# Each is tested with a written example and a negative in tests/test_wild_documents.py.
# the 文号 a page title opens with (某政发〔2014〕20号), for number_then_cited_title and number_then_title
_PAGE_NUMBER = rf"[\u4e00-\u9fff]{{1,15}}[〔\[【(（﹝［]{YEAR}[〕\]】)）﹞］]\d{{1,4}}号"
HEAD_RULES: dict[str, re.Pattern[str]] = {
    # page_title_full_text: a site's page title above the document, marked as the full text:
    # "2023年某某区政府工作报告—全文", "某某县实施方案（全文）" (not a title: the document's own follows)
    "page_title_full_text": re.compile(r"^.{2,80}?(?:[—\-－_|｜]+\s*全文|[（(]全文[)）])$"),
    # number_then_cited_title: a page title made of the 文号 and the title in 《》:
    # "某政发〔2014〕20号《某某市人民政府关于…的实施意见》"
    "number_then_cited_title": re.compile(
        rf"^(?P<number>{_PAGE_NUMBER})《(?P<title>[^《》]{{4,}})》$"
    ),
    # number_then_title: a portal's page title made of the 文号 and the title, apart by a space, over the
    # document's own head: "某政办发〔2020〕33号 2020年某县优化营商环境实施方案的通知" (the 文号 is taken;
    # the document's own title follows)
    "number_then_title": re.compile(
        rf"^(?P<number>{_PAGE_NUMBER})\s+(?P<title>[^《》\s]{{4,}}(?:通知|方案|意见|办法|决定|规定|细则|要点|计划|措施))$"
    ),
    # publication_sentence: a wiki or news copy says who issued it when, before the text:
    # "2023年7月，某某省人民政府办公厅印发《某某省…方案》。" (a month without a day is the 1st)
    "publication_sentence": re.compile(
        rf"^(?P<date>{YEAR}年\d{{1,2}}月(?:\d{{1,2}}日)?)[，,]?(?P<issuer>[\u4e00-\u9fff、]{{2,40}}?(?:人民政府办公厅|人民政府办公室|"
        r"人民政府|办公厅|办公室|委员会|管委会|管理委员会|局|厅))(?:正式)?印发了?《(?P<title>[^《》]{4,})》"
    ),
    # title_bracket_line: a title's bracket on a line of its own belongs to the title:
    # "某某县优化营商环境三年行动方案" + "（2023—2025年）", "（试行）", "（2024年修订）"
    "title_bracket_line": re.compile(
        rf"^[（(](?:{YEAR}年?(?:——|[—–\-－~～至到]){YEAR}年?|{YEAR}年(?:版|修订)|试行|暂行|修订|征求意见稿)[)）]$"
    ),
    # month_signature: a signature dated with a month only ("某某县人民政府办公室" + "2023年7月"):
    # the organisation is the issuer and the date the month's first day
    "month_signature": re.compile(rf"^{YEAR}年\d{{1,2}}月$"),
    # title_region_label: a site's bracketed region before the title: "(河南省)叶县人民政府工作报告"
    "title_region_label": re.compile(r"^[（(【\[][\u4e00-\u9fff]{2,10}?(?:省|市|自治区|县|区)[)）】\]](?=.{4,})"),
    # title_site_prefix: a mirror site's name glued before the title: "法搜网--中国法律信息搜索网某某…",
    # "yabo88关于印发…" (a spam tag: letters then digits)
    "title_site_prefix": re.compile(r"^(?:第[一二三四五六七八九十\d]{1,3}篇\s*[:：]|[\u4e00-\u9fff]{2,10}网\s*(?:-{2}|—{1,2}|_|[|｜])\s*(?:[\u4e00-\u9fff]{0,16}网)?|[A-Za-z]{2,}\d+(?=[\u4e00-\u9fff]))"),
    # title_site_suffix: a page title's site name after a dash: "图解丨某省中小企业发展环境-新华网" (the site is no
    # part of the title)
    "title_site_suffix": re.compile(r"\s*[-_—|｜]\s*[\u4e00-\u9fff]{1,8}(?:网|網|频道|客户端)$"),
    # title_column_prefix: a news column's name before the headline: "新春走基层 | 某园区又刷新一项纪录", "图解丨…"
    "title_column_prefix": re.compile(r"^[\u4e00-\u9fff]{2,6}\s*[|｜丨]\s*(?=[\u4e00-\u9fff“]{4})"),
    # title_report_date: a report's date line written inside its title line, with the speaker after it:
    # "政府工作报告(2019年1月21日在某市第十三届人民代表大会第四次会议上)某市人民政府市长某某某"
    # (or after a dash on one flattened line: "政府工作报告 ——二○二二年一月二十一日在…会议上 某省省长 某某 发布时间:…")
    "title_report_date": re.compile(
        rf"^(?P<title>.{{4,60}}?)[（(](?P<date>{re.sub(r'[?]P<[a-z]+>', '', _DATE.pattern)})在.{{2,60}}?上(?:的(?:讲话|报告))?[)）].{{0,30}}$"
        rf"|^(?P<dash_title>.{{4,60}}?)\s*(?:——|—|--)\s*(?P<dash_date>{re.sub(r'[?]P<[a-z]+>', '', _DATE.pattern)})在.{{2,60}}?(?:会议|大会)上.{{0,100}}$"
    ),
    # title_number_mark: the 文号 in brackets after a title taken from an info block: "…的通知(某政办发〔2022〕101号)"
    "title_number_mark": re.compile(r"\s*[（(]\s*[\u4e00-\u9fff]{1,15}\s*[〔\[［【]\s*(?:19|20)\d{2}\s*[〕\]］】]\s*\d{1,4}\s*号\s*[)）]$"),
    # number_before_notice: a portal's title line opening with the 文号 before 关于…的通知:
    # "某区政办发〔2023〕13号 关于印发《…》的通知" (the 文号 is read from its own line or the info block)
    "number_before_notice": re.compile(rf"^{_PAGE_NUMBER}\s*(?=关于|印发|转发)"),
    # title_validity_mark: a portal's validity mark after the title: "…的通知(已失效)", "（已废止）"
    "title_validity_mark": re.compile(r"[（(【\[](?:已失效|失效|已废止|废止|已修订|现行有效|有效)[)）】\]]$"),
    # meeting_document_label: the label of a congress's papers over a report: "某某县十六届人大四次会议文件(五)"
    "meeting_document_label": re.compile(
        r"^.{0,30}(?:人大|政协|人民代表大会|代表大会).{0,12}文件\s*(?:[（(之][一二三四五六七八九十\d]{1,3}[)）]?)?$"
    ),
    # imprint_line: the imprint at the foot of an official document: "某某省人民政府办公厅 2018年9月5日印发"
    # (after the 抄送 line, perhaps on the same line and before a page number) dates it when nothing else does
    "imprint_line": re.compile(
        rf"(?P<issuer>[\u4e00-\u9fff]{{2,30}}?(?:办公厅|办公室|人民政府|委员会|管委会|局))\s*"
        rf"(?P<date>{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)\s*印发[\s—\-－\d]*$"
    ),
    # byline_date: a news page's byline "2024-08-05 | 来源：某某新城 作者：某某" (a date, then its source)
    "byline_date": re.compile(
        rf"^[（(]?(?P<date>{YEAR}\s*[-/.年]\s*\d{{1,2}}\s*[-/.月]\s*\d{{1,2}}\s*日?)(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?[)）]?"
        r"\s*[|｜/]?\s*(?:来源|作者|编辑|发布者|信息来源|稿源|稿件来源)\s*[:：]"
    ),
    # media_date_line: a news page's source, date and clock time on one line:
    # "中国经济信息社2019年11月18日09:59分类:中经观察", "某某日报 2023-05-08 10:20"
    "media_date_line": re.compile(
        rf"^[\u4e00-\u9fff·]{{2,16}}?(?:社|网|报|台|中心|客户端|新闻)\s*(?P<date>{YEAR}\s*[-/.年]\s*\d{{1,2}}\s*[-/.月]\s*\d{{1,2}}\s*日?)\s*\d{{1,2}}:\d{{2}}"
    ),
    # reported_plan_sentence: an untitled execution report's opening names it ("向大会报告南昌市2022年…计划执行情况与
    # 2023年…计划草案，请予审议"; "现将某区2023年…执行情况和2024年…计划草案报告如下"); not 我省/本市…, which name no region
    "reported_plan_sentence": re.compile(
        rf"(?:报告|现将)(?P<title>(?![我本])[\u4e00-\u9fff]{{0,12}}?{YEAR}年[^，,。；;]{{2,30}}?执行情况(?:与|和|及)"
        rf"{YEAR}年[^，,。；;]{{2,30}}?(?:计划|预算)(?:[（(]草案[)）]|草案))(?=[，,]?(?:请予审议|提请|报请|报告如下|如下))"
    ),
    # newspaper_edition: a reprint's edition line ("《 人民日报 》( 2024年09月23日 第 19 版)") dates the page
    "newspaper_edition": re.compile(
        rf"^\s*《\s*[\u4e00-\u9fff]{{2,10}}报\s*》\s*[（(]\s*(?P<date>{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)\s*第?\s*[0-9０-９]+\s*版\s*[)）]",
        re.M,
    ),
    # post_author_time: a forum or blog post's author and its time stamp ("网友甲 - 2024/10/18 16:41:00")
    "post_author_time": re.compile(
        rf"^[\w\u4e00-\u9fff·]{{1,20}}?\s*[-—|｜]\s*(?P<date>{YEAR}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*\d{{1,2}})\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*$"
    ),
    # page_time_stamp: a web page's date and time on a short head line of its own or among its source
    # and editor ("来源:某某社 责任编辑:某某 2021-12-29 08:57:56", "2024-01-11 22:42:14")
    "page_time_stamp": re.compile(
        rf"(?<!\d)(?P<date>{YEAR}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*\d{{1,2}}|{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d)"
    ),
    # running_header_date: an OCR page header of an official document gives its date when nothing else does
    "running_header_date": re.compile(
        rf"(?m)^[ \t\u3000]*\S{{2,30}}文件[ \t\u3000]+(?P<date>{YEAR}\s*[-./年]\s*\d{{1,2}}\s*[-./月]\s*\d{{1,2}}\s*日?)[ \t\u3000]*$"
    ),
    # speaker_line: the line under a report's date line names the government and its head:
    # "某某区人民政府区长 某某", "国务院总理 某某" → the issuer is the government
    "speaker_line": re.compile(
        r"^(?P<issuer>国务院|[\u4e00-\u9fff]{2,20}?(?:人民政府|管理委员会|管委会|[省市县区州旗盟]))"
        r"副?(?:总理|省长|市长|区长|县长|州长|旗长|盟长|主席|主任)(?:[（(][^（()）]{1,10}[)）])?[\u4e00-\u9fff·]{2,4}$"
    ),
    # on_behalf_sentence: a report's speaker says whom he speaks for: "我代表某某县人民政府，向大会报告工作"
    # → the issuer; a bare level (我代表市人民政府) is completed from the meeting_line
    "on_behalf_sentence": re.compile(
        r"我代表(?P<issuer>国务院|[\u4e00-\u9fff]{0,20}?(?:人民政府|管理委员会|管委会))[，,]?(?:向|对)(?:大会|会议|各位)"
    ),
    # meeting_line: the date line's meeting names the region: "——2024年1月15日在某某市第十六届人民代表大会…"
    "meeting_line": re.compile(
        r"在(?P<region>[\u4e00-\u9fff]{2,20}?[省市县区州旗盟])第?[一二三四五六七八九十\d]{1,4}届人民代表大会"
    ),
}

# the list numbering of a compilation header or a list item: "3." "10．" "2、"
NUMBER_PREFIX = re.compile(r"^(?P<n>\d{1,3})\s*[.．、](?!\d)\s*")
_LIST_ITEM = re.compile(r"^(?:\d{1,3}\s*[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
_ORG_SUFFIX = (
    r"(?:人民政府|政府|办公厅|办公室|委员会|管委会|委|局|厅|署|部|办|中心|院|会|党组|"
    r"省委|市委|州委|县委|区委|盟委|工委)"
)
_ISSUER = re.compile(rf"^(?P<issuer>[\u4e00-\u9fff、]{{2,80}}?{_ORG_SUFFIX})(?=关于|印发|转发|批转)")
_ORG_LINE = re.compile(rf"^[\u4e00-\u9fff、（）()]{{2,40}}{_ORG_SUFFIX}$")
_CONTINUATION = re.compile(r"^[》〉”」』的等及和与之]")  # a title broken before its end: "…方案" "》的通知"
_TRAILING_PAREN = re.compile(r"[（(][^（()）]{1,30}[)）]$")
_CLOSERS = "》〉」』"

# document types, longest first; each maps to the type recorded
_TYPES = [
    ("实施细则", "细则"), ("实施方案", "方案"), ("行动方案", "方案"), ("工作方案", "方案"),
    ("行动计划", "计划"), ("工作计划", "计划"), ("工作要点", "要点"), ("实施意见", "意见"),
    ("指导意见", "意见"), ("工作意见", "意见"), ("若干措施", "措施"), ("工作任务", "任务"),
    ("方案", "方案"), ("清单", "清单"), ("要点", "要点"), ("规划", "规划"), ("纲要", "规划"),
    ("办法", "办法"), ("意见", "意见"), ("措施", "措施"), ("举措", "措施"), ("细则", "细则"),
    ("条例", "条例"), ("规定", "规定"), ("规则", "规则"), ("决定", "决定"), ("计划", "计划"),
    ("指南", "指南"), ("指引", "指南"), ("任务", "任务"), ("通告", "通告"), ("公告", "公告"),
    ("批复", "批复"), ("报告", "报告"), ("通知", "通知"), ("函", "函"),
    ("工作总结", "总结"), ("总结", "总结"),
    ("建议", "建议"),  # 中共某某市委关于制定…第十四个五年规划…的建议: a five-year plan's outline
]
_TYPE_END = re.compile("(?:" + "|".join(k for k, _ in _TYPES) + ")$")
_TYPE_MAP = dict(_TYPES)
# (not the 本 of a word: 基本规则, 成本规划, 文本方案)
_SELF_TYPE = re.compile(r"(?<![基根成资样文版副剧账日课脚读标范])本(?:行动|工作|实施|专项|任务|管理|暂行)?(" + "|".join(k for k, _ in _TYPES if len(k) == 2) + ")")
_INNER = [re.compile(r"《([^《》]+)》"), re.compile(r"(?:印发|转发|批转)(.+?)的(?:通知|函)$")]


def parse_date(s: str) -> str | None:
    """ISO date of the first date written in s (Arabic or Chinese numerals)."""
    m = _DATE.search(s)
    if not m:
        return None
    return _date_of(m)


def _date_of(m: re.Match[str]) -> str | None:
    if m.group("y"):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        y = int("".join(str(_CN_DIGIT[c]) for c in m.group("cy")))
        mo, d = _cn_small(m.group("cm")), _cn_small(m.group("cd"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _page_date(s: str) -> str | None:
    """title_page_date: ISO date of 2021.05.07 or 20230106 (nothing else in the brackets)."""
    m = _PAGE_DATE.match(s)
    if not m:
        return None
    y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _cn_small(s: str) -> int:
    """一 … 三十一 as an int; 0 when s is not such a number."""
    tens, ten, units = s.partition("十")
    if not ten:
        tens, units = "", s
    if len(tens) > 1 or len(units) > 1 or not set(tens + units) <= set(_CN_DIGIT):
        return 0
    return (_CN_DIGIT[tens] if tens else (1 if ten else 0)) * 10 + (_CN_DIGIT[units] if units else 0)


def normalise_doc_number(s: str) -> str | None:
    """The first 文号 in s, written without inner spaces and with 〔〕: 渝府办发〔2023〕41号."""
    m = _DOC_NUMBER.search(s) or _BARE_DOC_NUMBER.match(s)
    if not m:
        return None
    return f"{m.group('prefix')}〔{m.group('year')}〕{int(m.group('no'))}号"


def is_doc_number_line(sq: str) -> bool:
    return bool(_DOC_NUMBER_LINE.match(sq))


def is_date_line(sq: str) -> bool:
    return bool(_DATE_LINE.match(sq))


def is_addressee(sq: str) -> bool:
    return sq.endswith(("：", ":")) and len(sq) < 200


def doc_type(title: str | None) -> str | None:
    """Type from the title's last keyword, preferring the inner document of 关于印发《…》的通知."""
    if not title:
        return None
    for pattern in _INNER:
        for inner in reversed(pattern.findall(title)):
            t = _type_at_end(inner)
            if t:
                return t
    return _type_at_end(title)


def _type_at_end(s: str) -> str | None:
    while True:  # drop closing 》 and brackets such as （试行） （2023年版）
        shorter = _TRAILING_PAREN.sub("", s).rstrip(_CLOSERS)
        if shorter == s:
            break
        s = shorter
    m = _TYPE_END.search(s)
    if m:
        return _TYPE_MAP[m.group()]
    return "措施" if _NUMBERED_MEASURES.search(s) else None


# numbered_measures_title: a package of measures named by its count (优化营商环境55条, 稳经济十条), not an article (第五条)
_NUMBERED_MEASURES = re.compile(r"[\u4e00-\u9fff](?<!第)(?:\d{1,3}|[一二三四五六七八九十]{1,3})条$")


def is_complete_title(s: str) -> bool:
    """The squeezed text ends like a title: a type keyword, perhaps followed by a date in brackets;
    a page's button or tab label (发布通知, 通知公告) is too short to be one."""
    if len(s) < 6:
        return False
    if s.count("（") + s.count("(") > s.count("）") + s.count(")") or s.count("《") > s.count("》"):
        return False
    s = re.sub(r"[（(][^（()）]*(?:\d|年)[^（()）]*[)）]$", "", s)
    return _type_at_end(s) is not None


# --- the info block of a portal page ----------------------------------------------------------

# 索引号 | 发布机构 | 成文日期 | 发布日期 | 文号: a portal's metadata table, as "key：value" or as cells
# (tab, |, or two spaces apart). Each key maps to the field it gives.
_INFO_KEYS = {
    "发布机构": "issuer", "发文机关": "issuer", "发文机构": "issuer", "发文单位": "issuer", "制发机关": "issuer",
    "成文日期": "written", "成文时间": "written", "印发日期": "written",
    "发布日期": "published", "发布时间": "published", "公开日期": "published", "发文日期": "written",
    "更新时间": "published", "信息时间": "published", "更新日期": "published", "撰写时间": "published", "上传时间": "published",
    "日期查询": "published",  # a newspaper's e-edition: the issue shown
    "答复时间": "published", "回复时间": "published", "答复日期": "published", "回复日期": "published",  # a reply to a message
    # a news portal's byline (时间：2023-02-06　来源：某某区发改局): only beside another key
    "时间": "published", "日期": "published",
    "文号": "doc_number", "文件编号": "doc_number", "发文字号": "doc_number", "发文文号": "doc_number",
    "名称": "title", "标题": "title", "文件名称": "title", "本文标题": "title", "文章标题": "title",
    # the info box of a wiki copy (基本介绍 / 中文名 / 发布单位; read in the simplified matching text)
    "中文名": "title", "发布单位": "issuer", "公开目录": "index", "公开方式": "index", "公开范围": "index",
    "索引号": "index", "主题分类": "index", "主题词": "index", "分类": "index", "来源": "source", "文章来源": "source", "稿件来源": "source",
    "信息来源": "source", "有效性": "index", "生效日期": "index", "公文种类": "index", "体裁分类": "index",
    "公文时效": "index", "时效性": "index", "组配分类": "index",
}
_BYLINE_ONLY_KEYS = {"时间", "日期"}
_KEYS = "|".join("[ \u3000]*".join(k) for k in sorted(_INFO_KEYS, key=len, reverse=True))  # 标　　题, 索 引 号
_INFO_KEY = re.compile(r"(?:^|(?<=[\s|｜【\[]))(" + _KEYS + r")\s*[\]】]?\s*[:：]?\s*")
_INFO_LINE = re.compile(
    r"^\s*[|｜【\[]?\s*(?:" + _KEYS + r")\s*(?:[:：]|[|｜\t]|\s{2,}|[\]】]\s*)"
    # info_cells_spaced: a portal's table row saved with one space between cells, two keys or more
    # (成文日期 2021-09-16 发布日期 2021-09-16; 发文字号 台政办发〔2021〕11号 有效性 有效)
    r"|^\s*(?:" + _KEYS + r")\s\S+(?:\s\S+)*?\s(?:" + _KEYS + r")(?:\s|$)"
    # a bulleted info list (• 发布机构 某某县政府办): the bullet makes one space (or nothing) enough
    r"|^\s*[•·●▪◆]\s*(?:" + _KEYS + r")(?:\s*[:：]|\s|$)"
)


# info_value_on_next_line: a table saved as text puts each cell on its own line ("发布机构：" then
# "某某区人民政府办公室"); a key alone on its line takes the next line as its value when that fits the key.
_KEY_ALONE = re.compile(r"^\s*[|｜【\[•·●▪◆]?\s*(" + _KEYS + r")\s*[:：]?\s*[|｜】\]]?\s*$")


def is_info_line(line: str) -> bool:
    line = without_joiners(line)
    return bool(_INFO_LINE.match(line) or _KEY_ALONE.match(line))


def _field_value(field: str, value: str) -> str | None:
    """The value of an info field as recorded (ISO date, normalised 文号, squeezed text), or None."""
    if field in ("written", "published"):
        m = _ISO_DATE.search(value)
        date = (f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m
                else parse_date(squeeze(value)) or _month_date(squeeze(value)))  # 发布时间：2023年7月
        return date if date and 1 <= int(date[5:7]) <= 12 and 1 <= int(date[8:10]) <= 31 else None
    if field == "doc_number":
        return normalise_doc_number(squeeze(value))
    if field == "issuer" and not re.search(r"[\u4e00-\u9fff]", value):
        return None  # an issuer cell holding a spam tag (yabo88) names no organisation
    return squeeze(value) or None


def value_line_after(lines: list[str], i: int) -> int | None:
    """Index of the line holding the value of the key alone on lines[i] (info_value_on_next_line), or None."""
    m = _KEY_ALONE.match(without_joiners(lines[i]))
    if not m:
        return None
    # a cell border alone on its line (| between 发布日期 and its date) holds no value
    j = next((j for j in range(i + 1, min(i + 4, len(lines))) if lines[j].strip(" \t\u3000|｜")), None)
    if j is None or is_info_line(lines[j]):
        return None
    field, sq = _INFO_KEYS[re.sub(r"[ \u3000]", "", m.group(1))], squeeze(lines[j])
    if field in ("issuer", "index", "source") and (len(sq) > 40 or is_complete_title(sq)):
        return None  # a title under an empty 文号 or 分类 cell is the title, not their value
    if field not in ("title", "issuer", "index", "source") and _field_value(field, lines[j]) is None:
        return None
    return j


_BYLINE_KEY = re.compile(r"^\s*(?:来源|作者|编辑|责任编辑|稿源|信息来源)\s*[:：]")


def _byline_beside(lines: list[str], i: int) -> bool:
    """byline_lines: 来源：… / 时间：… / 作者：… each on its own line: the time is the page's, not a meeting's."""
    return any(_BYLINE_KEY.match(lines[k]) for k in range(max(0, i - 4), min(len(lines), i + 5)) if k != i)


def read_info_block(lines: list[str]) -> dict[str, str]:
    """Fields of the info-block lines among `lines` (raw, unsqueezed): issuer, doc_number, title,
    written / published (ISO dates); the first value of each field wins."""
    out: dict[str, str] = {}
    lines = [without_joiners(line) for line in lines]
    for i, line in enumerate(lines):
        if not is_info_line(line):
            continue
        if (j := value_line_after(lines, i)) is not None:
            line = line.rstrip() + "：" + lines[j]  # a key alone: its value is the next line
        keys = list(_INFO_KEY.finditer(line))
        if len(keys) == 1 and re.sub(r"[ \u3000]", "", keys[0].group(1)) in _BYLINE_ONLY_KEYS and not _byline_beside(lines, i):
            continue  # 时间：2024年4月10日 alone is a meeting's time; with 来源 beside it, a byline
        for a, b in zip(keys, keys[1:] + [None]):
            value = line[a.end(): b.start() if b else len(line)]
            value = re.sub(r"^[\s|｜:：]+|[\s|｜【】\[\]]+$", "", value)
            field = _INFO_KEYS[re.sub(r"[ \u3000]", "", a.group(1))]
            if not value or field in out or field in ("index", "source"):
                continue
            if (recorded := _field_value(field, value)) is not None:
                out[field] = recorded
    return out


# --- the title block ----------------------------------------------------------------------


@dataclass
class Heading:
    """A title block found at lines[first..last] (indexes into the list of lines given)."""

    first: int
    last: int
    number: int | None  # list numbering of a compilation header ("3." → 3)
    title: str
    issuer: str | None
    issue_date: str | None  # from a bracket after the title: （2023 年6 月1 日）
    doc_number: str | None  # from a bracket after the title: （川办函〔2023〕29号）


def _repeats_as_issuer(buf: str, nxt: str) -> bool:
    """site_name_repeats_issuer: a site's name over the title that the title's own issuer begins with
    ("上海市人民政府" over "上海市人民政府办公厅关于印发…"), unlike the first of two joint issuers."""
    m = _ISSUER.match(nxt)
    return bool(buf and m) and m.group("issuer").startswith(buf) and not re.search(r"关于|印发|转发|批转", buf)


def _notice_continues(buf: str, lines: list[str], k: int) -> bool:
    """notice_of_several: 关于印发A方案 / B方案 / 和C方案的通知: a notice issuing several documents runs
    over their names, one a line, to its 的通知."""
    own = re.sub(r"《[^《》]*》?", "", buf)  # a cited title's 关于印发 is not this heading's
    if not re.search(r"关于(?:印发|转发)", own) or own.endswith("通知"):
        return False
    for line in lines[k : k + 6]:
        sq = squeeze(line)
        if not sq:
            continue
        if is_doc_number_line(sq) or is_date_line(sq) or is_addressee(sq) or re.search(r"[。；;：:]", sq) or len(sq) > 60:
            return False
        if sq.endswith("的通知"):
            return True
    return False


@lru_cache(maxsize=1)
def _province_tag() -> re.Pattern[str]:
    """title_site_prefix: a site's province tag before a headline ("【福建】漳州市…规划"); a topic tag such as
    【聚焦两会】 stays."""
    return re.compile(r"^【(?:" + "|".join(map(re.escape, province_short_names())) + r")】(?=[\u4e00-\u9fff])")


def _without_site_prefix(line: str) -> str:
    return HEAD_RULES["title_site_prefix"].sub("", _province_tag().sub("", line))


def read_heading(lines: list[str], i: int, max_lines: int = 6, max_blank: int = 4) -> Heading | None:
    """The title block beginning at lines[i], or None when lines[i] does not begin a title.

    A title may run over several lines, blank lines included while it is still incomplete (an
    OCR page break inside a title), and may be followed by its date in brackets.
    """
    sq = _without_site_prefix(squeeze(lines[i]))  # not the title, nor its issuer
    sq = HEAD_RULES["title_site_suffix"].sub("", sq)
    if reported := HEAD_RULES["title_report_date"].match(sq):
        title, date = reported.group("title") or reported.group("dash_title"), reported.group("date") or reported.group("dash_date")
        sq = f"{title}（{date}）"  # the date is read from the bracket below
    number = None
    m = NUMBER_PREFIX.match(sq)
    if m:
        number, sq = int(m.group("n")), sq[m.end():]
    # a site's prompt (感谢您关注!您离开之前...) is no title: a title has no ASCII ! or ...
    if len(sq) > 120 or re.search(r"[。；;!]|\.\.\.", sq) or is_addressee(sq) or is_date_line(sq) or is_doc_number_line(sq):
        return None
    if not sq and number is None:
        return None
    buf, j, used, blank = sq, i, 1, 0
    while used < max_lines and j + 1 < len(lines):
        nxt = squeeze(lines[j + 1])
        if is_complete_title(buf) and not _CONTINUATION.match(nxt) and not _notice_continues(buf, lines, j + 1):
            break
        if not nxt:
            blank += 1
            if blank > max_blank:
                break
            j += 1
            continue
        if (is_doc_number_line(nxt) or is_date_line(nxt) or is_addressee(nxt) or _LIST_ITEM.match(nxt)
                or re.search(r"[。；;]", nxt) or len(buf) + len(nxt) > 200
                or HEAD_RULES["byline_date"].match(nxt) or _is_furniture(nxt, lines[j + 1])):
            break  # a byline or page furniture ends the title
        if _repeats_as_issuer(buf, nxt):
            return None  # site_name_repeats_issuer: the next line is the title
        buf, j, used = buf + nxt, j + 1, used + 1
    if not is_complete_title(buf):
        return None
    k = j + 1
    while k < len(lines) and not squeeze(lines[k]):
        k += 1
    if k < len(lines) and HEAD_RULES["title_bracket_line"].match(squeeze(lines[k])):
        buf, j = buf + squeeze(lines[k]), k
    # a date (or 文号) in brackets on the next line(s): "（2023 年5 月" "8 日）"
    k = j + 1
    while k < len(lines) and not squeeze(lines[k]):
        k += 1
    if k < len(lines) and re.match(r"^[（(]", squeeze(lines[k])) and re.search(r"\d", squeeze(lines[k])):
        tail, end = "", k
        while end < len(lines) and end <= k + 2:
            tail += squeeze(lines[end])
            if tail.count("）") + tail.count(")") >= tail.count("（") + tail.count("("):
                break
            end += 1
        if _DATE.search(tail) or _DOC_NUMBER.search(tail):
            buf, j = buf + tail, min(end, len(lines) - 1)
    title, date, number_in_paren = buf, None, None
    pm = re.search(r"[（(]([^（()）]*)[)）]$", title)
    if pm and (_DATE.search(pm.group(1)) or _DOC_NUMBER.search(pm.group(1))):
        date, number_in_paren = parse_date(pm.group(1)), normalise_doc_number(pm.group(1))
        title = title[: pm.start()]
    elif pm and (page_date := _page_date(pm.group(1))):
        date, title = page_date, title[: pm.start()]
    im = _ISSUER.match(title)
    return Heading(i, j, number, title, im.group("issuer") if im else None, date, number_in_paren)


# --- periods --------------------------------------------------------------------------------

_FYP = re.compile(r"十([一二三四五六七八九])(?:个五年|五)")  # 十四五, 第十四个五年规划
_RANGE = re.compile(rf"(?<!\d)({YEAR})\s*年?\s*(?:[—–\-－~～至到]|——)\s*({YEAR})\s*年?(?!\d)")
# title_year: a year in a title, not 2021年版 and not an amount (冲刺2000亿元, 2019家企业)
_YEAR_IN_TITLE = re.compile(rf"(?<!\d)({YEAR})(?!\d)(?!\s*年\s*版)(?!\s*(?:[.．]\d|[万亿千百余多元个家项件户人亩吨米台套名宗条批次%％]))")
_N_YEAR_PLAN = re.compile(r"([一二三四五两])年(?:行动|攻坚|计划|规划)")
# a year the text commits to: 到2023年, 2023年底前, 2022年起, 2021年上半年; not a full date or 2021年版
_CITATION = re.compile(r"《[^《》]*》")


def five_year_plan(n_chinese: str) -> tuple[int, int, str]:
    n = 10 + "一二三四五六七八九".index(n_chinese) + 1
    start = 1966 + 5 * (n - 3)  # the 3rd plan ran 1966-1970
    return start, start + 4, f"十{n_chinese}五"


def _range(a: int, b: int) -> tuple[int, int, str] | None:
    return (a, b, f"{a}—{b}") if 0 < b - a <= 15 else None


Period = tuple[int | None, int | None, str | None]


# An annual campaign named for its theme rather than its year: 提质培优年行动方案, 全面提质年工作意见.
_ANNUAL_PLAN = re.compile(r"(?<![0-9０-９一二两三四五六七八九十])年(?:行动|工作|活动)(?:方案|计划|意见|要点|清单)")


def infer_period(title: str | None, body: str, issue_year: int | None = None) -> Period:
    """(start, end, label) of the period a document plans for.

    Order: the title (十四五; 2022—2024; a single year such as 2023年工作要点), then the body
    (its most frequent year range ending no earlier than the issue year; 十X五 named three
    times or more). A title naming a 三年行动 without years runs three years from the issue
    year. None when nothing says: the years single commitments name (到2023年) are not the
    plan's period — the extractor reads those from their own sentences, and a period guessed
    from them would stamp that year on every undated measure of the document.
    """
    t = squeeze(title or "")
    if m := _FYP.search(t):
        return five_year_plan(m.group(1))
    if (m := _RANGE.search(t)) and (r := _range(int(m.group(1)), int(m.group(2)))):
        return r
    years = sorted({int(y) for y in _YEAR_IN_TITLE.findall(t)})
    if len(years) == 1:
        return years[0], years[0], str(years[0])
    if len(years) > 1 and (r := _range(years[0], years[-1])):
        return r
    own = _CITATION.sub("", _SPACE.sub("", body))  # not the years of cited documents' titles
    ranges = Counter((int(a), int(b)) for a, b in _RANGE.findall(own)
                     if 0 < int(b) - int(a) <= 15 and (issue_year is None or int(b) >= issue_year))
    if ranges:
        return _range(*max(ranges, key=lambda r: (ranges[r], r[1])))
    fyp = Counter(_FYP.findall(own))
    if fyp and fyp.most_common(1)[0][1] >= 3:
        return five_year_plan(fyp.most_common(1)[0][0])
    if _ANNUAL_PLAN.search(t) and issue_year:  # 提质培优年行动方案: an annual plan for its issue year
        return issue_year, issue_year, str(issue_year)
    n_plan = _N_YEAR_PLAN.search(t)  # 三年行动方案 and nothing else: from the issue year
    if n_plan and issue_year:
        span = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}[n_plan.group(1)]
        return issue_year, issue_year + span - 1, f"{issue_year}—{issue_year + span - 1}"
    return None, None, None


# --- the whole record -------------------------------------------------------------------------


_MENU_ITEM = re.compile(r"(?=(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){2}|[A-Za-z]+$)[^\s\d。，,；;：:！!？?|｜（）()—“”《》]{2,16}")  # a word: no digits, no subtitle dash or quotes
# chrome_words: a line of a portal's or shop's furniture (无障碍 关怀版, 购物车 我的足迹, 欢迎浏览某某网站)
_CHROME_WORDS = re.compile(r"无障碍|关怀版|长者模式|适老化|购物车|我的足迹|欢迎(?:浏览|访问|来到)|网站地图|简体版|繁体版|手机版")


def _is_menu_line(line: str) -> bool:
    """menu_line: a portal's row of links (新冠肺炎求助平台 辟谣举报 违法和不良信息举报): three or more
    space-separated items of 2–12 characters with no sentence marks (a spaced OCR title has 1-character items)."""
    items = [x for x in re.split(r"[\s|｜]+", line) if x]
    words = [x for x in items if _MENU_ITEM.fullmatch(x)]
    # (a link may be a short code of letters and digits: H5, 4K)
    return len(words) >= 3 and all(x in words or re.fullmatch(r"[A-Za-z0-9]{1,4}", x) for x in items)


def _is_furniture(sq: str, line: str) -> bool:
    """A line of the page around a document: a menu, portal or shop chrome, a breadcrumb
    (您现在的位置:某某网>新闻中心>福州新闻), a table row."""
    return _is_menu_line(line) or _is_table_row(line) or (len(sq) <= 50 and "。" not in sq and bool(_CHROME_WORDS.search(sq))) \
        or len(_BREADCRUMB.findall(sq)) >= 2


_BREADCRUMB = re.compile(r"[>＞»›]")
# source_line: a news page's source and time under its headline ("来源:某某商报 发布时间:2021年10月12日 15:34",
# "2022年12月22日 15:04 来源:中新网安徽"); dateline_body: the body opening with its dateline ("某某日报讯(记者…)",
# "某某网12月18日讯", "新华社北京4月4日电(记者…)")
_SOURCE_LINE = re.compile(r"^(?:(?:信息)?来源|稿源|发布时间|发表时间|发布日期)\s*[:：]")
# (a converter's garbled reading may stand in the paper's name: 随州日?qǐng)?bào)讯)
_DATELINE_BODY = re.compile(r"^[\u4e00-\u9fffA-Za-z?()（）\u00e0-\u01dc\u2060]{2,30}?(?:\d{1,2}月\d{1,2}日)?(?:讯|电)(?:\s*[（(【\[]|\s+\S)")
# original_title: a reprint's 原标题:… line gives the title when the page shows no headline of its own
_ORIGINAL_TITLE = re.compile(r"^原标题\s*[:：]\s*(?P<title>.{4,60})$")


def _is_source_line(sq: str) -> bool:
    return bool(_SOURCE_LINE.match(sq) or HEAD_RULES["byline_date"].match(sq) or HEAD_RULES["media_date_line"].match(sq)
                or (len(sq) <= 80 and "。" not in sq and HEAD_RULES["page_time_stamp"].search(sq) and re.search(r"来源|作者|编辑", sq)))


def _headline_over_source(lines: list[str], nonblank: list[int]) -> tuple[str, int] | None:
    """headline_over_source: the headline of a news page is the headline-like line right above its source line or
    its dateline body (past bylines, menus and a 原标题 line), whatever site banners or kickers stand higher
    (陕西省发展与改革委员会 / 刘迎军出席…新闻发布会 / 来源:营商办 发表时间:…). (title, its line), or None."""
    heads = [squeeze(lines[k]) for k in nonblank[:20]]
    anchor = next((n for n, h in enumerate(heads) if n > 0 and (_is_source_line(h) or _DATELINE_BODY.match(h))), None)
    if anchor is None:
        return None
    original = None
    for n in range(anchor - 1, -1, -1):
        h, line = heads[n], lines[nonblank[n]]
        if m := _ORIGINAL_TITLE.match(h):
            original = original or (m.group("title"), nonblank[n])
            continue
        if _is_source_line(h) or _is_byline(h, line) or _is_furniture(h, line) or h in ("分享", "打印", "收藏"):
            continue
        if _headline_like(h, line, alone=True) and not is_doc_number_line(h) and not _ORG_LINE.match(h):
            above = heads[n - 1] if n > 0 else ""
            if h.startswith(("——", "--")) or (n > 0 and _headline_like(above, lines[nonblank[n - 1]]) and len(h) < len(above) <= 40):
                # main_over_subtitle: a shorter line (or one opening with ——) under a longer headline is its subtitle
                # (新疆国家级园区实行企业开办时间定期公开通报制 / 全面优化提升营商环境); a kicker above is shorter
                # or has the commas a headline has not (立项到开工从200天压缩至100天,试点经验全国推开)
                return above, nonblank[n - 1]
            return h, nonblank[n]
        break
    return original


# byline_names: a news page's reporters ("本报通讯员 伊萱", "曾佳丽 唐斌 自贡融媒记者 周馨钰")
# (a paper's box or bullet may open it: □记者某某某)
_BYLINE_BOX = "[□■◆●▲]?"
_BYLINE_NAMES = re.compile("^" + _BYLINE_BOX + r"(?:[\u4e00-\u9fff·]{2,4}){0,3}?(?:本报|本网|本台|新华社|融媒体?中心|融媒)?(?:特约)?(?:记者|通讯员|实习生)[\u4e00-\u9fff·]{2,12}$")


# bare_byline_names: reporters' names alone on a line (张小明 李华): two to four names of 2–3 characters
_BARE_NAMES = re.compile(r"[\u4e00-\u9fff]{2,3}(?:[ \u3000]+[\u4e00-\u9fff]{2,3}){1,3}")


def _is_byline(sq: str, line: str) -> bool:
    """byline_names: its names stand apart by spaces, or it opens with 本报/记者/通讯员 (a headline never does)."""
    if _BARE_NAMES.fullmatch(line.strip()):
        return True
    return bool(_BYLINE_NAMES.match(sq)) and (bool(re.match(rf"{_BYLINE_BOX}(?:本报|本网|本台|新华社|记者|通讯员|特约)", sq))
                                              or bool(re.search(r"\S\s+\S", line.strip())))


def _is_preamble(sq: str, line: str) -> bool:
    """A head line that is not the title: masthead, site or section name, 文号, date, info block, byline."""
    return bool(_PREAMBLE.match(sq) or is_doc_number_line(sq) or is_date_line(sq) or is_info_line(line) or _is_furniture(sq, line)
                or _is_byline(sq, line) or HEAD_RULES["byline_date"].match(sq) or HEAD_RULES["post_author_time"].match(sq)
                or HEAD_RULES["page_title_full_text"].match(sq) or HEAD_RULES["meeting_document_label"].match(sq)
                or HEAD_RULES["speaker_line"].match(sq)  # 某某市人民政府市长某某: the speaker, never the title
                or HEAD_RULES["number_then_title"].match(line.strip()))


_DATE_LINE_AFTER_TITLE = re.compile(
    rf"[ \u3000]+(?=(?:——|—|--|──)\s*{YEAR}\s*年|{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*在)")
_LOST_BREAK = re.compile(r"[ \u3000]+[?\ufffd]+[ \u3000]*(?=\S)")
_EDGE_PIPES = re.compile(r"^[\s|｜]+|[\s|｜]+$|\s+[?\ufffd]+\s*$")  # and an OCR's lost characters after a space


def _head_lines(lines: list[str]) -> list[str]:
    """The lines the head rules read.
    flattened_page: a page copied onto one long line ("2024年某县政府工作报告 2024年4月16日在…会议上
    县长 李某 各位代表: …") has its head lines apart at the spaces between them.
    date_line_after_title: "2024年政府工作报告 ——2024年1月10日在…会议上" on one line is two lines.
    edge_pipes: a page's layout bars around a line ("某某县优化营商环境 |", a line of "|") are not text,
    nor are the characters an OCR lost after a line (政府工作报告 ?);
    a table row (| 指标 | 成效 |) keeps them."""
    k = next((k for k, ln in enumerate(lines) if ln.strip()), None)
    if k is not None and len(lines[k]) >= 300 and len(re.findall(r"[ \u3000]+", lines[k].strip())) >= 3:
        lines = lines[:k] + re.split(r"[ \u3000]+", lines[k].strip()) + lines[k + 1 :]
    out: list[str] = []
    for n, line in enumerate(lines):
        if n < 60 and not _is_table_row(line):
            # lost_line_break: a mirror wrote a lost character for each line break of the head
            # ("…会议上 ?某某市人民政府市长 ?张某 ? 各位代表:"): the pieces are lines
            parts = [p for piece in _LOST_BREAK.split(line) for p in _DATE_LINE_AFTER_TITLE.split(piece)]
            out += [_EDGE_PIPES.sub("", part) for part in parts]
        else:
            out.append(line)
    return out


def _is_table_row(line: str) -> bool:
    """| 指标 | 成效 | (or 指标 | 成效 |): a row of a pipe table (never a title)."""
    line = line.strip()
    return (line[:1] in "|｜" or line[-1:] in "|｜") and len(re.findall(r"[|｜]", line)) >= 3


def _news_headline(lines: list[str], nonblank: list[int]) -> str | None:
    """news_headline: a page with no document title opens with a short headline over its body
    ("某市推进政务服务改革 营造一流营商环境", then the report): the headline is the title.
    repeated_headline: a line given twice in the head (the page's headline, then the article's) is it.
    wrapped_headline: after a masthead (某某区人民政府文件), or when its first line only names the region or body
    (乌鲁木齐经济技术开发区 / 2023年国民经济和社会发展计划执行情况), a headline broken over two short lines."""
    heads = [squeeze(lines[k]) for k in nonblank[:15]]
    like = [_headline_like(h, lines[k]) for h, k in zip(heads, nonblank)]
    for n, h in enumerate(heads):  # a repeated line may have its commas (…“一把手工程”,为…再加码)
        if 6 <= len(h) <= 60 and not re.search(r"[。；;]", h) and h in heads[n + 1 :] \
                and not _is_preamble(h, lines[nonblank[n]]):
            return h
    n = 0
    while n < min(4, len(heads)) and (_PREAMBLE.match(heads[n]) or _is_menu_line(lines[nonblank[n]])
                                      or HEAD_RULES["byline_date"].match(heads[n])):
        n += 1  # a masthead, a site's name or menu over the headline
    if n + 1 < len(heads) and _is_table_row(lines[nonblank[n + 1]]) and (item := _LIST_ITEM.match(heads[n])):
        caption = heads[n][item.end() :]  # numbered_table_caption: 一、某某任务分解表 over its table
        return caption if _headline_like(caption, caption) else None
    alone = n + 1 < len(heads) and nonblank[n + 1] > nonblank[n] + 1  # a blank line under it
    if n + 1 >= len(heads) or not (like[n] or alone and _headline_like(heads[n], lines[nonblank[n]], alone=True)):
        return None
    first = heads[n]
    named_only = bool(_ORG_LINE.match(first) or re.search(r"(?:开发区|高新区|新区|园区|[省市县区州旗])$", first))
    if ((n > 0 or named_only) and n + 2 < len(heads) and like[n + 1] and 4 <= len(heads[n + 1]) <= 20 and len(first) + len(heads[n + 1]) <= 40
            and (len(heads[n + 2]) > 40 or "。" in heads[n + 2])):
        first, n = first + heads[n + 1], n + 1
    body = heads[n + 1 : n + 6]  # a byline and photo captions may come before the first paragraph
    over_table = _is_table_row(lines[nonblank[n + 1]])  # a headline over its table of figures
    return first if over_table or any(len(b) > len(first) or "。" in b for b in body) else None


def _headline_like(sq: str, line: str, alone: bool = False) -> bool:
    """6–40 characters, no clause marks, not a heading, an addressee or a head line of another kind.
    headline_alone: a line standing alone (a blank line after it) may have a headline's commas and
    exclamation marks (河南潢川:从4万次服务到99.8%满意,解码…; 重磅!…压缩一半以上!), never a full stop."""
    marks = r"[。；;]|(?:[，,].*){3}" if alone else r"[。；;！!？?，,]"
    if not 4 <= len(sq) <= 60 or re.search(marks, sq) or sq.endswith(("：", ":", "，", ",")) \
            or len(re.findall(r"[\u4e00-\u9fff]", sq)) < 2:
        return False  # a clause of a wrapped body line has its commas
    return not (_is_preamble(sq, line) or _LIST_ITEM.match(sq) or is_addressee(sq) or _ORG_LINE.match(sq)
                or sq.endswith("会议上"))  # a reporting body, the end of a broken date line


def _trim_title(title: str | None) -> str | None:
    """A title without a site's region label before it, or a validity mark or a site's name after it."""
    if not title:
        return title
    title = _without_site_prefix(title.lstrip("•·●▪◆ "))  # an info list's bullet (• 解读《…》)
    title = HEAD_RULES["title_number_mark"].sub("", title) or title
    title = HEAD_RULES["number_before_notice"].sub("", title) or title
    title = HEAD_RULES["title_validity_mark"].sub("", HEAD_RULES["title_region_label"].sub("", title))
    title = HEAD_RULES["title_site_suffix"].sub("", title)
    title = HEAD_RULES["title_column_prefix"].sub("", title)
    return title or None


def _may_be_late_title(sq: str) -> bool:
    """first_title_in_head: when the first head line is not a title (a page title cut short, the
    addressee of a notice copied without its title), a later head line may be one; never a list item
    or a clause of the body."""
    return bool(sq) and not (_LIST_ITEM.match(sq) or NUMBER_PREFIX.match(sq) or re.search(r"[，,：:]", sq))


def _month_date(s: str) -> str | None:
    """ISO date of 2023年7月5日, or of 2023年7月 as its first day."""
    m = re.match(rf"({YEAR})年(\d{{1,2}})月(?:(\d{{1,2}})日)?$", s)
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1 <= int(m.group(3) or 1) <= 31:
        return None
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3) or 1):02d}"


def _speaker_issuer(m: re.Match[str]) -> str:
    """The government a speaker_line names: 某某区区长 → 某某区人民政府."""
    issuer = m.group("issuer")
    return issuer + "人民政府" if issuer[-1] in "省市县区州旗盟" else issuer


def _spoken_for(head: str) -> str | None:
    """on_behalf_sentence: the government a report is given for; a bare level takes the meeting's region."""
    head = _SPACE.sub("", head)
    m = HEAD_RULES["on_behalf_sentence"].search(head)
    if not m:
        return None
    issuer = m.group("issuer")
    if issuer[:1] in "省市县区州旗盟" and len(issuer) <= 5:  # 市人民政府: the level only
        meeting = HEAD_RULES["meeting_line"].search(head[: m.start()])
        if not meeting or not meeting.group("region").endswith(issuer[0]):
            return None
        issuer = meeting.group("region") + issuer[1:]
    return issuer


_SIGNATURE_JUNK = re.compile(r"^[\x20-\x7e]*?[|｜](?=\s*(?:19|20)\d{2}\s*年)")


def _untitled_government_report(head: str) -> bool:
    """untitled_work_report: a page that opens on a report's date line at a people's congress session (or
    on the address to its deputies, 各位代表：) and whose speaker reports for a government
    (我代表…人民政府向大会报告工作) is its 政府工作报告."""
    head = _SPACE.sub("", head)
    spoken = HEAD_RULES["on_behalf_sentence"].search(head)
    return bool(spoken and "人民政府" in spoken.group("issuer") and re.search(r"人民代表大会|各位代表[:：]", head[: spoken.start()]))


def extract_metadata(text: str, start: int = 0, end: int | None = None, head_lines: int = 15) -> dict:
    """Metadata of the document text[start:end], keyed like the fields of records.Document:
    title, issuer, doc_number, issue_date, period_start, period_end, period_label, doc_type.
    """
    view = clean_view(text, start, end)
    lines = _head_lines(view.text.splitlines())
    nonblank = [k for k, ln in enumerate(lines) if ln.strip()]
    head = nonblank[:head_lines]
    heading, preamble = None, []
    info = read_info_block(text[start : min(len(text) if end is None else end, start + 8000)].splitlines()[:80])
    tried, values = 0, set()
    label = HEAD_RULES["meeting_document_label"]
    for a, b in zip(head, head[1:]):  # a congress's label broken over two lines (市十七届人大 / 一次会议文件(3))
        if not label.match(squeeze(lines[a])) and len(squeeze(lines[a])) <= 20 and label.match(squeeze(lines[a]) + squeeze(lines[b])):
            values |= {a, b}
    for k in head:
        sq = squeeze(lines[k])
        if _is_preamble(sq, lines[k]) or k in values:
            preamble.append(k)
            if (j := value_line_after(lines, k)) is not None:
                values.add(j)
            continue
        if tried == 0 or _may_be_late_title(sq):
            heading = read_heading(lines, k)
        if heading:
            break
        preamble.append(k)  # a line passed over stays in the head: a signature, a 文号 near it
        tried += 1
    title = issuer = doc_number = issue_date = None
    after = nonblank
    if heading:
        title, issuer = heading.title, heading.issuer
        doc_number, issue_date = heading.doc_number, heading.issue_date
        after = [k for k in nonblank if k > heading.last]
        if m := HEAD_RULES["number_then_cited_title"].match(title):
            title, doc_number = m.group("title"), normalise_doc_number(m.group("number"))
            im = _ISSUER.match(title)
            issuer = im.group("issuer") if im else issuer
    heads = [squeeze(lines[k]) for k in head]
    published = next((m for s in heads if (m := HEAD_RULES["publication_sentence"].match(s))), None)
    if not (published and title and published.group("title") in title):
        published = None  # the sentence names another document
    issuer = issuer or (published.group("issuer") if published else None)
    over = _headline_over_source(lines, nonblank)
    if over and (heading is None or heading.last < over[1]) and doc_type(title) is None:
        title = over[0]  # a news page's headline under a site's banner (not a typed document's own title)
    # info_title: a portal's 名称/标题 field that reads as a whole title states the title; the head's
    # guess may be the site's or a publisher's line (利辛县发展和改革委员会 索引号:…)
    if info.get("title") and is_complete_title(info["title"]):
        title = info["title"]
    title = _trim_title(title or info.get("title") or _news_headline(lines, nonblank))
    if not title and (reported := HEAD_RULES["reported_plan_sentence"].search(_SPACE.sub("", view.text[:1500]))):
        title = reported.group("title")  # reported_plan_sentence: an untitled execution report names itself
    if not title and _untitled_government_report(view.text[:3000]):
        title = "政府工作报告"  # untitled_work_report: a government's report to its people's congress
    issuer = issuer or info.get("issuer")
    # the info block's 成文日期 is the document's date; its 发布日期 only when the text gives none
    issue_date = info.get("written") or issue_date
    near = [squeeze(lines[k]) for k in preamble + after[:6]]  # (a portal may repeat the title block above the 文号)
    doc_number = doc_number or info.get("doc_number") or next((normalise_doc_number(s) for s in near if is_doc_number_line(s)), None)
    if not doc_number:  # number_then_title: the 文号 of a page title over the document
        paged = next((m for k in preamble if (m := HEAD_RULES["number_then_title"].match(lines[k].strip()))), None)
        doc_number = normalise_doc_number(paged.group("number")) if paged else None
    window = [squeeze(lines[k]) for k in preamble + after[:12]]
    issue_date = issue_date or next((parse_date(s) for s in window if is_date_line(s)), None)
    # signature_date_in_junk: an OCR'd or mirrored foot puts stray ASCII and table bars around its date
    # ("2 Q6 i: t7 c' l. | 2011年4月22日 |"): the date line is what is left
    tail = [_SIGNATURE_JUNK.sub("", squeeze(lines[k])).strip(" |｜") for k in nonblank[-10:]]
    if not issue_date:  # the signature at the end
        issue_date = next((parse_date(s) for s in reversed(tail) if is_date_line(s)), None)
    if not issue_date and published:  # publication_sentence: its date, perhaps a month
        issue_date = _month_date(published.group("date"))
    if not issue_date:  # month_signature: an organisation over a month without a day, at the end
        for a, b in zip(tail, tail[1:]):
            if HEAD_RULES["month_signature"].match(b) and _ORG_LINE.match(a) and not is_doc_number_line(a):
                issue_date, issuer = _month_date(b), issuer or a
    if not issue_date:  # imprint_line: the foot's printing date
        imprint = next((m for t in reversed(tail) if (m := HEAD_RULES["imprint_line"].search(t))), None)
        if imprint:
            issue_date, issuer = parse_date(imprint.group("date")), issuer or imprint.group("issuer")
    if not issue_date:  # byline_date: a news page's date beside its source
        byline = next((m for t in window if (m := HEAD_RULES["byline_date"].match(t))), None)
        if byline:
            issue_date = _field_value("published", byline.group("date"))
    if not issue_date:  # media_date_line: a news page's source, date and time
        media = next((m for t in window if (m := HEAD_RULES["media_date_line"].match(t))), None)
        if media:
            issue_date = _field_value("published", media.group("date"))
    if not issue_date:  # newspaper_edition: a reprint's edition line (noise to the body, so read in the source)
        # (the splitter may start the document after it: the lines just above belong to its head)
        edition = HEAD_RULES["newspaper_edition"].search(text, max(0, start - 300), min(len(text) if end is None else end, start + 3000))
        if edition:
            issue_date = _field_value("published", edition.group("date"))
    if not issue_date:  # post_author_time: a forum post's author and time stamp
        post = next((m for t in window if (m := HEAD_RULES["post_author_time"].match(t))), None)
        if post:
            issue_date = _field_value("published", post.group("date"))
    if not issue_date and doc_type(title) is None:  # page_time_stamp: a news page's time stamp on a short head
        # line (a typed document reposted on a site has a date of its own, which the stamp is not)
        stamp = next((m for t in window if len(t) <= 80 and "。" not in t
                      and (m := HEAD_RULES["page_time_stamp"].search(t))), None)
        if stamp:
            issue_date = _field_value("published", stamp.group("date"))
    issue_date = issue_date or info.get("published")
    if not issue_date:  # running_header_date: an OCR'd document's page header (某某人民政府文件　　2021-04-29), noise to the body
        raw_head = text[start : min(len(text) if end is None else end, start + 6000)]
        header = HEAD_RULES["running_header_date"].search(raw_head)
        issue_date = _field_value("published", header.group("date")) if header else None
    if not issuer:  # a report's speaker line under its date line, or the reporting body itself
        for a, b in zip(window, window[1:]):
            if is_date_line(a) and (m := HEAD_RULES["speaker_line"].match(b)):
                issuer = _speaker_issuer(m)
                break
            if _REPORT_DATE_LINE.match(a) and _ORG_LINE.match(b) and not is_doc_number_line(b):
                issuer = b  # ——2024年1月12日在…会议上 / 某某市发展和改革委员会
                break
    if not issuer:  # a speaker line at the head ("某某市人民政府市长某某") names the government
        issuer = next((_speaker_issuer(m) for t in heads if (m := HEAD_RULES["speaker_line"].match(t))), None)
    if not issuer:
        issuer = _spoken_for(view.text[:3000])
    if not issuer:  # a signature: an organisation's name on the line above the date
        for block in (window, tail):
            for a, b in zip(block, block[1:]):
                if is_date_line(b) and _ORG_LINE.match(a) and not is_doc_number_line(a):
                    issuer = a
                    break
            if issuer:
                break
    if not issue_date:  # org_over_iso_date: a portal's publisher line over its date (区行政审批服务局 / 2026-01-03)
        for a, b in zip(window, window[1:]):
            if _ORG_LINE.match(a) and not is_doc_number_line(a) and (m := _PAGE_DATE.match(b)) and m.group(1):
                issue_date, issuer = _field_value("published", b), issuer or a
                break
    issue_year = int(issue_date[:4]) if issue_date else None
    body = view.text
    p_start, p_end, p_label = infer_period(title, body, issue_year)
    dtype = doc_type(title)
    if dtype is None:  # no title: "特制定本行动方案" "本办法自…施行"
        m = _SELF_TYPE.search(_SPACE.sub("", body))
        dtype = _TYPE_MAP[m.group(1)] if m else None
    return {
        "title": title,
        "issuer": issuer,
        "doc_number": doc_number,
        "issue_date": issue_date,
        "period_start": p_start,
        "period_end": p_end,
        "period_label": p_label,
        "doc_type": dtype,
    }
