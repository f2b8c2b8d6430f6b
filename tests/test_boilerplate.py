"""Page-furniture rules: what each names, whatever the letter case, and where they must hold."""

from __future__ import annotations

import pytest

from store.boilerplate import boilerplate_kind

FURNITURE = {
    "Powered by Blogger": "blog or ad footer",
    "POWERED BY BLOGGER": "blog or ad footer",
    "Share this: Facebook": "blog or ad footer",
    "3 Responses to “엑사원 3.0 공개”": "blog or ad footer",
    "TAGS: LG, 엑사원": "blog or ad footer",
    "태그 : 인공지능": "blog or ad footer",
    "[광고]": "blog or ad footer",
    "Advertisement": "blog or ad footer",
    "티스토리툴바": "blog or ad footer",
    "Copyright © 전자신문. All rights reserved.": "copyright line",
    "COPYRIGHT 2024 아이뉴스24": "copyright line",
    "(C) 연합뉴스": "copyright line",
    "<저작권자 ⓒ AI타임스 무단전재 및 재배포 금지>": "copyright line",
    "AI 학습 및 활용 금지": "copyright line",
    "글자 크기 변경": "share or font-size widget",
    "Translated by Google": "share or font-size widget",
    "(예시) 가장 빠른 뉴스": "share or font-size widget",
    "URL 복사": "share or font-size widget",
    "댓글 3개": "share or font-size widget",
    "(사진=LG AI연구원)": "photo caption or credit",
    "LG AI연구원 전경 / 사진=LG": "photo caption or credit",
    "왼쪽부터 배경훈 원장, 임우형 상무": "photo caption or credit",
    "사진 제공: LG": "photo caption or credit",
    "[영상] 엑사원 시연": "photo caption or credit",
}

STORY = [
    # Rules that hold only at the start of a line, met later in one.
    "LG AI연구원은 태그: 형식의 메타데이터를 붙였다고 밝혔다.",
    "엑사원은 3 responses to 형식의 답을 한 번에 낸다고 설명했다.",
    "이 자리에서 왼쪽부터 차례로 발표가 이어졌다고 전했다.",
    "연구원은 (예시) 문장을 들어 모델의 답을 보여줬다.",
    "배경훈 원장은 엑사원의 성능이 크게 좋아졌다고 말했다.",
]


@pytest.mark.parametrize("line", sorted(FURNITURE))
def test_each_kind_of_furniture_is_named(line: str) -> None:
    assert boilerplate_kind(line) == FURNITURE[line]


@pytest.mark.parametrize("line", STORY)
def test_story_sentences_are_not_furniture(line: str) -> None:
    assert boilerplate_kind(line) is None
