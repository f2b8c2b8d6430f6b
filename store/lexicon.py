"""Word lists the entity rules use: general Korean knowledge, not answers for any article.

Titles mark people (``배경훈 원장``), head nouns mark what a name names
(``…대학교`` an organisation, ``…챌린지`` an event, ``…캠퍼스`` a place), and
common surnames tell a personal name from other proper nouns.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

__all__ = [
    "EVENT_HEADS",
    "HEAD_WORDS",
    "ORG_AFTER",
    "ORG_BEFORE",
    "ORG_HEADS",
    "ORG_VERBS",
    "PERSON_CONTEXT",
    "PLACE_HEADS",
    "PRODUCT_AFTER",
    "PRODUCT_CONTEXT",
    "PRODUCT_VERBS",
    "SURNAMES",
    "TITLES",
    "head_type",
    "is_government_body",
    "is_title",
    "looks_like_korean_name",
]

# Family names covering nearly all Koreans (two-syllable ones included).
SURNAMES = frozenset(
    [
        "김",
        "이",
        "박",
        "최",
        "정",
        "강",
        "조",
        "윤",
        "장",
        "임",
        "한",
        "오",
        "서",
        "신",
        "권",
        "황",
        "안",
        "송",
        "류",
        "유",
        "전",
        "홍",
        "고",
        "문",
        "양",
        "손",
        "배",
        "백",
        "허",
        "남",
        "심",
        "노",
        "하",
        "곽",
        "성",
        "차",
        "주",
        "우",
        "구",
        "민",
        "진",
        "나",
        "지",
        "엄",
        "채",
        "원",
        "천",
        "방",
        "공",
        "현",
        "함",
        "변",
        "염",
        "여",
        "추",
        "도",
        "소",
        "석",
        "선",
        "설",
        "마",
        "길",
        "연",
        "위",
        "표",
        "명",
        "기",
        "반",
        "왕",
        "금",
        "옥",
        "육",
        "인",
        "맹",
        "제",
        "모",
        "탁",
        "국",
        "어",
        "은",
        "편",
        "용",
        "예",
        "경",
        "봉",
        "사",
        "부",
        "황보",
        "남궁",
        "제갈",
        "선우",
        "독고",
        "사공",
        "서문",
    ]
)

# Job titles and honorifics that follow a person's name. Compound titles
# (연구부총장, 인재육성위원장, 주임교수) end in one of these.
TITLES = [
    "대표이사",
    "대표",
    "회장",
    "부회장",
    "사장",
    "부사장",
    "전무",
    "상무",
    "이사",
    "이사장",
    "원장",
    "부원장",
    "소장",
    "센터장",
    "연구소장",
    "본부장",
    "실장",
    "팀장",
    "부장",
    "국장",
    "처장",
    "청장",
    "차장",
    "과장",
    "단장",
    "랩장",
    "리더",
    "총장",
    "부총장",
    "학장",
    "교수",
    "부교수",
    "조교수",
    "석좌교수",
    "박사",
    "연구원",
    "책임연구원",
    "수석연구원",
    "선임연구원",
    "연구위원",
    "위원장",
    "위원",
    "의원",
    "의장",
    "장관",
    "차관",
    "총리",
    "대통령",
    "대사",
    "도지사",
    "구청장",
    "서울시장",
    "부산시장",
    "대변인",
    "창업자",
    "공동창업자",
    "기자",
    "특파원",
    "논설위원",
    "작가",
    "감독",
    "CEO",
    "CTO",
    "CFO",
    "COO",
    "CSO",
    "CIO",
    "의장",
    "고문",
    "변호사",
    "회계사",
    "대표변호사",
]
_TITLE_PATTERN = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, TITLES), key=len, reverse=True)) + ")$"
)

# Head nouns ending a name, by the type of thing they name.
ORG_HEADS = [
    "대학교",
    "대학원",
    "대학",
    "연구원",
    "연구소",
    "연구센터",
    "리서치센터",
    "센터",
    "그룹",
    "랩",
    "랩스",
    "벤처스",
    "전자",
    "텔레콤",
    "은행",
    "증권",
    "재단",
    "협회",
    "학회",
    "한림원",
    "위원회",
    "공사",
    "공단",
    "진흥원",
    "기술원",
    "과학원",
    "추진단",
    "사업단",
    "얼라이언스",
    "아카데미",
    "학과",
    "캐피탈",
    "파트너스",
    "홀딩스",
    "인베스트먼트",
    "테크놀로지",
    "테크놀로지스",
    "소프트",
    "게임즈",
    "엔터테인먼트",
    "제약",
    "바이오",
    "코리아",
    "카드",
    "생명",
    "보험",
    "건설",
    "중공업",
    "모터스",
    "항공",
    "물산",
    "클라우드",
    "스튜디오",
    "컴퍼니",
    "연합",
    "동맹",
    "안전연구소",
    "AI대학원",
    "병원",
    "의료원",
    "대학병원",
    "학회",
    "조합",
]
EVENT_HEADS = [
    "챌린지",
    "콘서트",
    "포럼",
    "서밋",
    "정상회의",
    "엑스포",
    "박람회",
    "전시회",
    "게임쇼",
    "쇼",
    "패션위크",
    "위크",
    "페스티벌",
    "컨퍼런스",
    "콘퍼런스",
    "학술대회",
    "대회",
    "어워즈",
    "어워드",
    "시상식",
    "데이",
    "올림픽",
    "월드컵",
    "해커톤",
    "심포지엄",
    "Summit",
    "Conference",
    "Expo",
    "Forum",
    "Week",
]
PLACE_HEADS = [
    "캠퍼스",
    "타워",
    "청사",
    "컨벤션센터",
    "전시장",
    "공항",
    "밸리",
    "파크",
    "광장",
    "사옥",
    "아지트",
    "본사",
    "단지",
]
HEAD_WORDS = frozenset(ORG_HEADS + EVENT_HEADS + PLACE_HEADS)
# Head noun -> type; where one head ends another (컨벤션센터, 센터), the longer wins.
_HEAD_TYPES: dict[str, str] = {
    **{head: "ORG" for head in ORG_HEADS},
    **{head: "EVENT" for head in EVENT_HEADS},
    **{head: "PLACE" for head in PLACE_HEADS},
}
_HEAD_LENGTHS = sorted({len(head) for head in _HEAD_TYPES}, reverse=True)
_GOVERNMENT = re.compile(
    "(?:과학기술정보통신|행정안전|산업통상자원|기획재정|교육|외교|통일|법무|국방|문화체육관광|"
    "농림축산식품|보건복지|환경|고용노동|여성가족|국토교통|해양수산|중소벤처기업)부$"
)
# Words before a quoted name that say it names a product or service.
PRODUCT_CONTEXT = frozenset(
    [
        "모델",
        "AI",
        "인공지능",
        "서비스",
        "에이전트",
        "챗봇",
        "플랫폼",
        "칩",
        "앱",
        "애플리케이션",
        "솔루션",
        "도구",
        "제품",
        "브랜드",
        "아티스트",
        "캐릭터",
        "메이트",
        "비서",
        "개인비서",
        "반도체",
        "프로세서",
        "엔진",
        "기능",
        "신작",
        "게임",
        "검색",
        "언어모델",
        "거대언어모델",
        "LLM",
        "sLLM",
    ]
)

# Words before or after a name, and verbs taking it as object or subject, that
# say what kind of thing it names: "AI 스타트업 휴메인", "카카오톡 이용자",
# "카나나를 출시했다", "크래프톤은 … 설립했다".
ORG_BEFORE = frozenset(
    [
        "기업",
        "회사",
        "업체",
        "스타트업",
        "자회사",
        "계열사",
        "게임사",
        "제약사",
        "통신사",
        "증권사",
        "운용사",
        "벤처",
        "벤처캐피탈",
        "유니콘",
        "팹리스",
        "단체",
        "기관",
        "연구기관",
        "그룹사",
        "경쟁사",
        "고객사",
        "투자사",
        "파트너사",
        "설계사",
        "은행",
        "병원",
        "대학",
        "언론사",
        "방송사",
        "신문사",
    ]
)
PRODUCT_AFTER = frozenset(
    ["앱", "애플리케이션", "서비스", "이용자", "사용자", "가입자", "기반", "버전", "탑재", "화면"]
)
ORG_AFTER = frozenset(
    [
        "직원",
        "임직원",
        "사옥",
        "본사",
        "관계자",
        "대표",
        "주가",
        "매출",
        "실적",
        "노조",
        "지분",
        "창업자",
        "측",
    ]
)
PRODUCT_VERBS = [
    "출시",
    "공개",
    "탑재",
    "선보",
    "적용",
    "도입",
    "활용",
    "사용",
    "이용",
    "업데이트",
    "고도화",
    "내놓",
    "론칭",
    "배포",
    "구동",
    "학습",
]
ORG_VERBS = ["설립", "인수", "투자", "합병", "채용", "상장", "유치", "제휴", "협약", "창업", "발족"]

# Words before a name that say it names a person (세계적 석학 유발 하라리).
PERSON_CONTEXT = frozenset(
    [
        "석학",
        "학자",
        "과학자",
        "작가",
        "소설가",
        "저자",
        "배우",
        "가수",
        "선수",
        "감독",
        "창업자",
        "발명가",
        "철학자",
        "경제학자",
        "역사학자",
        "투자자",
        "기업인",
        "정치인",
        "전문가",
        "연구자",
        "개발자",
        "디자이너",
        "아티스트",
    ]
)


@lru_cache(maxsize=1 << 16)  # words repeat: each is checked once
def is_title(word: str) -> bool:
    """True when ``word`` is a job title or ends in one (``연구부총장``, ``주임교수``)."""
    return bool(_TITLE_PATTERN.search(word))


@lru_cache(maxsize=1 << 16)  # words repeat: each is checked once
def title_of(word: str) -> str | None:
    """The title a word ends with, if any (``인재육성위원장`` -> ``위원장``)."""
    match = _TITLE_PATTERN.search(word)
    return match.group(0) if match else None


@lru_cache(maxsize=1 << 16)  # words repeat: each is checked once
def is_government_body(word: str) -> bool:
    """``과학기술정보통신부``, ``문화체육관광부``: a ministry, whatever Kiwi tags it."""
    return bool(_GOVERNMENT.search(word))


@cache
def head_type(word: str) -> str | None:
    """The entity type a word's head noun implies: its longest head noun decides."""
    if _GOVERNMENT.search(word):
        return "ORG"
    for length in _HEAD_LENGTHS:
        kind = _HEAD_TYPES.get(word[-length:]) if len(word) >= length else None
        if kind:
            return kind
    return None


@lru_cache(maxsize=1 << 16)  # words repeat: each is checked once
def looks_like_korean_name(word: str) -> bool:
    """Two to four Hangul syllables starting with a common surname.

    Three syllables ending in 대 are universities (서울대, 연세대), not people.
    """
    if not 2 <= len(word) <= 4 or not all("가" <= char <= "힣" for char in word):
        return False
    if len(word) >= 3 and word[-1] == "대":
        return False
    if len(word) == 4:
        return word[:2] in SURNAMES  # 남궁민수; 4-syllable words are rarely names otherwise
    return word[0] in SURNAMES
