//! 한국어 (기본 언어).

use super::Messages;

pub const MESSAGES: Messages = Messages {
    app_title: "Jangteo 관리자",
    nav_label: "관리 메뉴",
    nav_dashboard: "대시보드",
    switch_language: "Switch to English",
    other_language_name: "English",
    checking_session: "로그인 상태를 확인하는 중…",
    api_unreachable: "관리자 API에 연결하지 못했어요. 잠시 후 다시 시도해 주세요.",
    retry: "다시 시도",
    welcome: "환영합니다",
    dashboard_intro: "상품, 주문, 회원 관리 메뉴가 이곳에 추가됩니다.",
    login_title: "관리자 로그인",
    login_email: "이메일",
    login_password: "비밀번호",
    login_code: "인증 코드 (OTP)",
    login_code_hint: "Google Authenticator 앱의 6자리 코드",
    login_submit: "로그인",
    login_unavailable: "직원 계정 로그인은 준비 중입니다. 그동안 운영자는 운영자 토큰으로 Admin API를 사용할 수 있습니다.",
    not_found_title: "페이지를 찾을 수 없어요",
    back_to_dashboard: "대시보드로 가기",
};
