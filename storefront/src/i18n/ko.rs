//! 한국어 (기본 언어).

use super::Messages;

pub const MESSAGES: Messages = Messages {
    skip_to_content: "본문으로 건너뛰기",
    products_heading: "전체 상품",
    loading: "상품을 불러오는 중…",
    load_failed: "상품을 불러오지 못했어요. 잠시 후 다시 시도해 주세요.",
    retry: "다시 시도",
    empty_catalog: "아직 판매 중인 상품이 없어요.",
    more_products_follow: "더 많은 상품이 곧 이어집니다.",
    switch_language: "Switch to English",
    other_language_name: "English",
    not_found_title: "페이지를 찾을 수 없어요",
    not_found_body: "주소가 바뀌었거나 사라진 페이지예요.",
    back_home: "홈으로 가기",
    footer_note: "Jangteo로 운영되는 쇼핑몰입니다.",
};
