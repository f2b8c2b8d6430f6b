"""Recognise the lines a page wraps around its story.

Each rule names a kind of page furniture that Korean news sites and the blogs
that copy them share: menus and section bars, share/subscribe/font-size
widgets, related and most-read lists, ad and blog-platform footers, copyright
lines, photo captions and credits. Rules look at one line; where position
matters (a label above the headline, a list under a 'related articles'
header), the cleaner supplies it.
"""

from __future__ import annotations

import re

__all__ = [
    "boilerplate_kind",
    "ends_sentence",
    "is_list_header",
    "is_short_label",
    "looks_like_headline_item",
    "split_before_copyright",
]

# Words of site navigation. A short line made mostly of them is a menu.
_NAV_WORDS = frozenset(
    [
        "홈",
        "뉴스홈",
        "뉴스",
        "전체",
        "전체메뉴",
        "메뉴",
        "속보",
        "최신",
        "최신뉴스",
        "정치",
        "경제",
        "사회",
        "국제",
        "세계",
        "문화",
        "생활",
        "라이프",
        "연예",
        "스포츠",
        "IT",
        "과학",
        "IT·과학",
        "IT/과학",
        "테크",
        "오피니언",
        "사설",
        "칼럼",
        "전국",
        "지역",
        "산업",
        "증권",
        "부동산",
        "금융",
        "유통",
        "포토",
        "영상",
        "동영상",
        "TV",
        "인물",
        "기획",
        "연재",
        "이슈",
        "랭킹",
        "엔터",
        "게임",
        "모바일",
        "자동차",
        "건강",
        "교육",
        "환경",
        "날씨",
        "정책",
        "외교",
        "북한",
        "국방",
        "노동",
        "법조",
        "재계",
        "기업",
        "창업",
        "글로벌",
        "로그인",
        "로그아웃",
        "회원가입",
        "구독",
        "구독신청",
        "검색",
        "English",
        "中文",
        "日本語",
        "마이페이지",
        "고객센터",
        "기사제보",
        "제보",
        "PDF",
        "지면",
        "지면보기",
        "Home",
        "News",
        "Search",
        "Menu",
        "Login",
        "Subscribe",
        "Business",
        "Tech",
        "Politics",
        "World",
        "Sports",
    ]
)
_BREADCRUMB = re.compile(r"^[^.!?]{1,40}(?:\s*[>›»]\s*[^.!?>›»]{1,20}){1,5}$")

# The phrase rules are written in lower case and searched in the line's lower case:
# ``re.IGNORECASE`` made each search several times slower. Rules that only hold
# at the start of a line are kept apart (``*_START``, for ``match``): one ``^``
# among the alternatives stops ``re`` from skipping ahead to where one could begin.
_WIDGET_PHRASES = re.compile(
    r"글자\s*크기|글씨\s*크기|본문\s*글씨|폰트\s*크기|이\s*글자크기로|번역\s*beta|translated by|"
    r"기사\s*공유|sns\s*공유|공유하기|url\s*복사|링크\s*복사|주소\s*복사|기사\s*저장|"
    r"스크랩하기|프린트하기|인쇄하기|본문\s*듣기|음성으로\s*듣기|기사를?\s*읽어|"
    r"이 기사에 대해 어떻게 생각하시나요|기사가 마음에 드셨나요|좋아요\s*\d|추천해요|"
    r"댓글\s*(?:쓰기|보기|\d+\s*개?)|댓글을\s*(?:남겨|작성)|로그인하고\s*댓글|"
    r"구독하기|구독\s*신청|네이버에서 .{1,15} 구독|뉴스레터\s*(?:구독|신청)"
)
_WIDGET_START = "(예시)"
_WIDGET_WORDS = frozenset(
    [
        "공유",
        "공유하기",
        "페이스북",
        "Facebook",
        "트위터",
        "Twitter",
        "X",
        "카카오톡",
        "카톡",
        "카카오스토리",
        "밴드",
        "네이버밴드",
        "라인",
        "텔레그램",
        "링크복사",
        "URL복사",
        "복사",
        "스크랩",
        "프린트",
        "인쇄",
        "북마크",
        "저장",
        "좋아요",
        "싫어요",
        "추천",
        "공감",
        "구독",
        "구독하기",
        "댓글",
        "댓글쓰기",
        "닫기",
        "열기",
        "이메일",
        "메일",
        "SNS",
        "가",
        "가+",
        "가-",
        "작게",
        "크게",
        "요약",
        "듣기",
        "훈훈해요",
        "슬퍼요",
        "화나요",
        "후속기사",
        "원해요",
        "팬이에요",
        "응원해요",
        "기사",
        "보내기",
        "퍼가기",
    ]
)
_BLOG_FOOTER = re.compile(
    r"powered by|post a comment|bagikan berita|adblock test|"
    r"소스 뉴스 및 더 읽기|newer post|older post|subscribe to:?\s*post|share this:|like this:|"
    r"티스토리툴바|블로그 구독|이웃추가|저작자표시|카테고리의 다른 글|관련글"
)
_BLOG_FOOTER_START = re.compile(
    r"\d+\s+responses? to|(?:labels?|tags?|태그)\s*:|"
    r"\[?\s*(?:광고|ad|advertisement|sponsored|스폰서)\s*\]?$"
)
_COPYRIGHT = re.compile(
    r"ⓒ|©|\(c\)\s*\S|copyright|all rights reserved|무단\s*전재|무단\s*복제|재배포\s*금지|"
    r"배포\s*금지|저작권자|ai\s*학습\s*및\s*활용\s*금지|재판매\s*및\s*db\s*금지"
)
_URL_ONLY = re.compile(
    r"^(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|kr|co\.kr|io|me|ly|tt)(?:/\S*)?)$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"[(\[<]\s*(?:사진|그래픽|일러스트|영상|자료|표|캡처)\s*(?:제공)?\s*[=:][^)\]>]{0,40}[)\]>]\s*$|"
    r"/\s*(?:사진|그래픽)\s*[=:].{0,40}$|"
    r"[(\[]\s*(?:[가-힣A-Za-z0-9]{1,12}\s+)?자료\s*사진\s*[)\]]\s*$|"
    r"/\s*[가-힣]{2,4}\s*(?:기자|특파원|통신원)\s*$|"
    r"/\s*(?:[가-힣A-Za-z0-9]{1,12}\s*)?제공\s*$"
)
_CAPTION_START = re.compile(
    r"\s*[(\[]?\s*(?:좌측|왼쪽|오른쪽|우측|앞줄|뒷줄|위|아래)\s*(?:부터|에서)[)\]]?|"
    r"\s*[(\[<]?\s*(?:사진|그래픽|일러스트|사진\s*제공|자료)\s*[=:]\s*\S.{0,40}$|"
    r"\s*[\[(<]\s*(?:사진|그래픽|영상)\s*[\])>]"
)
_LIST_HEADER = re.compile(
    r"^\s*[\[【<▶■□◆●◇▷☞]?\s*(?:관련\s*기사|관련\s*뉴스|연관\s*기사|"
    r"함께\s*(?:보면\s*좋은|읽으면\s*좋은|볼만한)\s*"
    r"(?:기사|뉴스)|추천\s*(?:기사|뉴스)|많이\s*본\s*(?:기사|뉴스)|가장\s*많이\s*본\s*(?:기사|뉴스)|"
    r"인기\s*(?:기사|뉴스)|종합\s*인기\s*기사|주요\s*(?:기사|뉴스)|"
    r"이\s*시각\s*(?:인기|주요|많이 본)\s*"
    r"(?:기사|뉴스)|최신\s*(?:기사|뉴스)|오늘의\s*(?:주요|인기)\s*(?:기사|뉴스)|"
    r"Related (?:Articles|Posts|News)|Most (?:Read|Viewed|Popular))"
    r"\s*[\]】>]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# Story sentences end with a terminal mark; headlines and list items do not.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]」』]*$")


def boilerplate_kind(line: str) -> str | None:
    """Name the kind of page furniture ``line`` is, or None if it may be story text."""
    if len(line) >= 400:
        return None  # furniture is short; a long line is story text (or a run-on scrape)
    folded = line.lower()
    if len(line) < 200 and _COPYRIGHT.search(folded):
        return "copyright line"
    if len(line) < 300 and (_BLOG_FOOTER.search(folded) or _BLOG_FOOTER_START.match(folded)):
        return "blog or ad footer"
    if _URL_ONLY.match(line):
        return "link"
    if len(line) < 300 and (_WIDGET_PHRASES.search(folded) or folded.startswith(_WIDGET_START)):
        return "share or font-size widget"
    if _is_widget_bar(line):
        return "share or font-size widget"
    if _is_menu(line):
        return "site menu"
    if _CAPTION.search(line) or _CAPTION_START.match(line):
        return "photo caption or credit"
    header = _LIST_HEADER.match(line)
    if header and (not header["rest"] or len(header["rest"]) < 100):
        return "related or most-read list"
    return None


def split_before_copyright(text: str) -> list[str]:
    """``…밝혔습니다. 저작권자 ⓒ KBS …``: the story part and the copyright notice apart."""
    mark = re.search(r"저작권자|Copyright|ⓒ|©", text)
    if mark is None or mark.start() == 0 or not text[: mark.start()].strip():
        return [text]
    start = mark.start()
    if text[start - 1] in "<[(":
        start -= 1
    return [text[:start].strip(), text[start:].strip()]


def is_list_header(line: str) -> bool:
    """True for a 'related articles' or 'most read' header: the lines under it are a list."""
    header = _LIST_HEADER.match(line)
    return header is not None and not header["rest"]


def is_short_label(line: str) -> bool:
    """A one- or two-word line with no sentence mark: a section label or a blog category."""
    words = line.split()
    return len(words) <= 2 and len(line) <= 12 and not re.search(r"[.!?\"'“”‘’]", line)


def looks_like_headline_item(line: str) -> bool:
    """A list item under a 'related' header: a short line that does not end a sentence."""
    return len(line) <= 100 and not _SENTENCE_END.search(line)


def ends_sentence(line: str) -> bool:
    """True when ``line`` ends the way Korean prose sentences end."""
    return bool(_SENTENCE_END.search(line))


def _is_menu(line: str) -> bool:
    if len(line) > 120 or _SENTENCE_END.search(line):
        return False
    if _BREADCRUMB.match(line) and len(line.split()) <= 12:
        return True
    segments = [segment.strip() for segment in re.split(r"\s[|·•]\s|\s*\|\s*", line)]
    if len(segments) >= 4 and all(0 < len(segment) <= 10 for segment in segments):
        return True  # 홈 | 컴퓨팅 | 반도체 | 인터넷: a bar of short links
    words = [word for word in re.split(r"[\s|·•/]+", line) if word]
    if len(words) < 2:
        return line.strip() in {"Search", "검색", "메뉴", "전체메뉴", "로그인", "Home", "닫기"}
    navigational = sum(1 for word in words if word in _NAV_WORDS)
    return navigational >= 2 and navigational / len(words) >= 0.6


def _is_widget_bar(line: str) -> bool:
    if len(line) > 120 or _SENTENCE_END.search(line):
        return False
    words = [word for word in re.split(r"[\s|·•/]+", line) if word]
    if not words:
        return False
    widgets = sum(1 for word in words if word in _WIDGET_WORDS)
    return widgets >= 2 and widgets / len(words) >= 0.6
