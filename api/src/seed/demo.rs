//! The demo catalog: a Korean direct-to-consumer healthy-food business running two shops — a
//! meal-replacement and healthy-food shop, and a protein-snack shop selling an overlapping range
//! at its own prices. Prices are in KRW (no minor unit).

pub struct DemoShop {
    pub code: &'static str,
    pub name: &'static str,
    pub hosts: &'static [&'static str],
}

pub const MAIN_SHOP: DemoShop = DemoShop {
    code: "bareun",
    name: "바른한끼",
    hosts: &["bareun.localhost"],
};

/// The demo business behind both shops (fictional; the registration number is made up, with a
/// valid check digit).
pub fn seller() -> crate::channel::seller::SellerUpdate {
    let text = |s: &str| Some(s.to_owned());
    crate::channel::seller::SellerUpdate {
        business_name: text("주식회사 바른한끼"),
        representative: text("김바른"),
        registration_number: text("215-87-20268"),
        mail_order_number: text("제2026-서울강남-01234호"),
        address: text("서울특별시 강남구 테헤란로 152, 12층"),
        phone: text("1588-1234"),
        email: text("help@bareun.example"),
        hours: text("평일 10:00–17:00 (점심 12:00–13:00, 주말·공휴일 휴무)"),
        privacy_officer: text("이지킴 (privacy@bareun.example)"),
        hosting_provider: text("바른한끼"),
        escrow_notice: text(
            "고객님의 안전한 현금 거래를 위해, 현금 결제 시 저희 쇼핑몰이 가입한 구매안전서비스를 이용하실 수 있습니다.",
        ),
    }
}

pub const SECOND_SHOP: DemoShop = DemoShop {
    code: "protein",
    name: "단백공방",
    hosts: &["protein.localhost"],
};

/// Single-variant products on sale in the main shop, with their "was" prices (the cards show
/// the 할인율 and the struck-through price).
pub const ON_SALE: &[(&str, i64)] = &[
    ("konjac-brown-rice", 19_900),
    ("oat-granola", 14_900),
    ("roasted-barley-tea", 12_000),
];

pub struct DemoProduct {
    pub slug: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Price in the main shop; `None`: not sold there.
    pub main_price: Option<i64>,
    /// Price in the protein shop; `None`: not sold there.
    pub second_price: Option<i64>,
    /// Slugs of the product's categories.
    pub categories: &'static [&'static str],
    /// Units on hand (of each variant).
    pub stock: i64,
    /// Pack sizes (option "구성") with their prices in each shop; empty: a single variant at the
    /// prices above.
    pub packs: &'static [(&'static str, i64, i64)],
}

pub struct DemoCategory {
    pub slug: &'static str,
    pub name: &'static str,
    pub parent: Option<&'static str>,
}

pub const CATEGORIES: &[DemoCategory] = &[
    DemoCategory {
        slug: "meal",
        name: "식사 대용",
        parent: None,
    },
    DemoCategory {
        slug: "shakes",
        name: "쉐이크",
        parent: Some("meal"),
    },
    DemoCategory {
        slug: "ready-meals",
        name: "간편식",
        parent: Some("meal"),
    },
    DemoCategory {
        slug: "protein",
        name: "단백질",
        parent: None,
    },
    DemoCategory {
        slug: "snacks",
        name: "간식",
        parent: None,
    },
    DemoCategory {
        slug: "grains",
        name: "곡물·선식",
        parent: None,
    },
    DemoCategory {
        slug: "drinks",
        name: "음료·차",
        parent: None,
    },
];

pub struct DemoCollection {
    pub slug: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub products: &'static [&'static str],
}

pub const COLLECTIONS: &[DemoCollection] = &[
    DemoCollection {
        slug: "winter-warmers",
        name: "겨울 보양 추천",
        description: "찬 바람 부는 날, 속을 따뜻하게 채워 줄 한 끼.",
        products: &[
            "sweet-pumpkin-soup",
            "black-sesame-grain-powder",
            "brown-rice-nurungji",
            "roasted-barley-tea",
        ],
    },
    DemoCollection {
        slug: "protein-best",
        name: "단백질 베스트",
        description: "운동하는 분들이 가장 많이 찾은 단백질 제품.",
        products: &[
            "protein-shake-chocolate",
            "chicken-breast-steak",
            "protein-bar-peanut",
            "whey-protein-isolate",
            "low-sodium-chicken-sausage",
        ],
    },
];

pub const PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        slug: "protein-shake-chocolate",
        name: "단백질 쉐이크 초코맛 (14포)",
        description: "한 포에 단백질 24g. 우유나 물에 타서 간편하게 즐기는 한 끼 대용 쉐이크.",
        main_price: Some(29_900),
        second_price: Some(28_900),
        categories: &["shakes", "protein"],
        stock: 120,
        packs: &[("14포", 29_900, 28_900), ("28포", 55_900, 53_900)],
    },
    DemoProduct {
        slug: "konjac-brown-rice",
        name: "곤약 현미밥 (150g × 10팩)",
        description: "곤약과 현미로 지은 저칼로리 즉석밥. 전자레인지 2분이면 완성.",
        main_price: Some(15_900),
        second_price: None,
        categories: &["ready-meals", "grains"],
        stock: 80,
        packs: &[],
    },
    DemoProduct {
        slug: "chicken-breast-steak",
        name: "닭가슴살 스테이크 오리지널 (100g × 10팩)",
        description: "국내산 닭가슴살을 촉촉하게 구운 스테이크. 냉동 보관, 데워서 바로.",
        main_price: Some(24_900),
        second_price: Some(23_900),
        categories: &["protein", "ready-meals"],
        stock: 200,
        packs: &[],
    },
    DemoProduct {
        slug: "oat-granola",
        name: "귀리 그래놀라 (500g)",
        description: "통귀리와 견과류를 저온에서 구운 무설탕 그래놀라.",
        main_price: Some(12_900),
        second_price: None,
        categories: &["grains", "snacks"],
        stock: 0,
        packs: &[],
    },
    DemoProduct {
        slug: "sweet-pumpkin-soup",
        name: "저당 단호박 수프 (180g × 6팩)",
        description: "단호박 본연의 단맛을 살린 저당 수프. 아침 식사로 든든하게.",
        main_price: Some(13_800),
        second_price: None,
        categories: &["ready-meals"],
        stock: 60,
        packs: &[],
    },
    DemoProduct {
        slug: "fiber-shake-banana",
        name: "식이섬유 쉐이크 바나나맛 (14포)",
        description: "식이섬유 10g과 단백질 15g을 한 번에. 바나나 맛 한 끼 쉐이크.",
        main_price: Some(27_000),
        second_price: None,
        categories: &["shakes"],
        stock: 3,
        packs: &[],
    },
    DemoProduct {
        slug: "greek-yogurt-plain",
        name: "그릭요거트 무가당 (450g)",
        description: "유청을 걸러 꾸덕한 무가당 그릭요거트. 그래놀라와 함께.",
        main_price: Some(8_900),
        second_price: Some(8_900),
        categories: &["snacks", "protein"],
        stock: 40,
        packs: &[],
    },
    DemoProduct {
        slug: "brown-rice-nurungji",
        name: "현미 누룽지 (300g)",
        description: "현미를 눌려 구수한 누룽지. 끓여 먹어도, 그대로 먹어도 좋아요.",
        main_price: Some(7_500),
        second_price: None,
        categories: &["grains", "snacks"],
        stock: 150,
        packs: &[],
    },
    DemoProduct {
        slug: "protein-bar-peanut",
        name: "단백질 바 피넛버터 (12개입)",
        description: "한 개에 단백질 15g. 운동 전후 간식으로 딱 좋은 피넛버터 바.",
        main_price: Some(19_800),
        second_price: Some(18_500),
        categories: &["protein", "snacks"],
        stock: 90,
        packs: &[("12개입", 19_800, 18_500), ("24개입", 37_600, 35_000)],
    },
    DemoProduct {
        slug: "chickpea-salad-kit",
        name: "병아리콩 샐러드 키트 (4인분)",
        description: "삶은 병아리콩, 채소, 올리브 드레싱이 한 번에 담긴 샐러드 키트.",
        main_price: Some(9_900),
        second_price: None,
        categories: &["ready-meals"],
        stock: 25,
        packs: &[],
    },
    DemoProduct {
        slug: "low-sodium-chicken-sausage",
        name: "저염 닭가슴살 소시지 (10팩)",
        description: "나트륨을 줄인 닭가슴살 소시지. 간식으로도 반찬으로도.",
        main_price: Some(16_900),
        second_price: Some(15_900),
        categories: &["protein"],
        stock: 110,
        packs: &[],
    },
    DemoProduct {
        slug: "unsweetened-almond-milk",
        name: "언스위트 아몬드 음료 (190ml × 24팩)",
        description: "설탕을 넣지 않은 고소한 아몬드 음료. 쉐이크와 함께 타 드세요.",
        main_price: Some(21_900),
        second_price: Some(21_900),
        categories: &["drinks"],
        stock: 70,
        packs: &[],
    },
    DemoProduct {
        slug: "black-sesame-grain-powder",
        name: "흑임자 선식 (30g × 20포)",
        description: "흑임자와 곡물 스무 가지를 곱게 간 든든한 아침 선식.",
        main_price: Some(23_000),
        second_price: None,
        categories: &["grains", "shakes"],
        stock: 45,
        packs: &[],
    },
    DemoProduct {
        slug: "whey-protein-isolate",
        name: "분리유청 단백질 파우더 (1kg)",
        description: "한 스쿱에 단백질 27g. 무향으로 어떤 음료와도 잘 어울려요.",
        main_price: None,
        second_price: Some(54_000),
        categories: &["protein"],
        stock: 30,
        packs: &[],
    },
    DemoProduct {
        slug: "roasted-barley-tea",
        name: "볶은 보리차 티백 (1.5g × 100개)",
        description: "국산 겉보리를 볶아 구수한 보리차. 카페인 없이 온 가족이.",
        main_price: Some(9_800),
        second_price: None,
        categories: &["drinks"],
        stock: 300,
        packs: &[],
    },
];
