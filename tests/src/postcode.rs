//! A local stand-in for Kakao's postcode service, with the call shape the storefront uses:
//! `postcode.v2.js` defines `kakao.Postcode`, whose `new kakao.Postcode({ oncomplete, width,
//! height }).embed(element)` draws the search in a frame of the service's own origin (as Kakao's
//! frames come from `postcode.map.kakao.com`); choosing a place in the frame calls `oncomplete`
//! with Kakao's field names. The frame offers two fixed places: one with a road address
//! (`#pick`) and one without (`#pick-no-road`). The script can be made to fail (`fail_script`),
//! as a blocked or unreachable one does.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::json;

use crate::recorder::{Answer, Recorder};

/// The place `#pick` chooses.
pub const POSTAL_CODE: &str = "06236";
pub const ROAD_ADDRESS: &str = "서울 강남구 테헤란로 131";
/// How the storefront writes it (the dong in brackets).
pub const FILLED_ADDRESS: &str = "서울 강남구 테헤란로 131 (역삼동)";
/// The postal code of the place without a road address (`#pick-no-road`).
pub const NO_ROAD_POSTAL_CODE: &str = "63534";

pub struct PostcodeServer {
    recorder: Recorder,
    failing: Arc<AtomicBool>,
}

impl PostcodeServer {
    pub async fn start() -> PostcodeServer {
        let recorder = Recorder::start().await;
        let failing = Arc::new(AtomicBool::new(false));
        let origin = recorder.url("");
        let fail = failing.clone();
        recorder.handle_with(Arc::new(move |req| {
            let path = req.path.split('?').next().unwrap_or_default();
            match path {
                "/postcode.v2.js" if fail.load(Ordering::SeqCst) => Answer {
                    status: 404,
                    content_type: "text/plain",
                    location: None,
                    body: "not found".into(),
                },
                "/postcode.v2.js" => Answer::text("application/javascript", script(&origin)),
                "/search" => Answer::text("text/html; charset=utf-8", search_page()),
                _ => Answer {
                    status: 404,
                    content_type: "text/plain",
                    location: None,
                    body: "not found".into(),
                },
            }
        }));
        PostcodeServer { recorder, failing }
    }

    /// The script's address (`web.postcode.script_url`).
    pub fn script_url(&self) -> String {
        self.recorder.url("/postcode.v2.js")
    }

    /// The frames' origin (`web.postcode.frame_sources`).
    pub fn origin(&self) -> String {
        self.recorder.url("")
    }

    /// From now on the script answers 404.
    pub fn fail_script(&self) {
        self.failing.store(true, Ordering::SeqCst);
    }
}

fn script(origin: &str) -> String {
    format!(
        r#"window.kakao = window.kakao || {{}};
window.kakao.Postcode = function (options) {{
  this.embed = function (element) {{
    var frame = document.createElement('iframe');
    frame.src = {origin:?} + '/search';
    frame.title = '우편번호 검색';
    frame.style.width = options.width;
    frame.style.height = options.height;
    frame.style.border = '0';
    function chosen(event) {{
      if (event.origin !== {origin:?}) return;
      window.removeEventListener('message', chosen);
      options.oncomplete(JSON.parse(event.data));
    }}
    window.addEventListener('message', chosen);
    element.appendChild(frame);
  }};
}};
"#
    )
}

fn search_page() -> String {
    let place = json!({
        "zonecode": POSTAL_CODE, "address": ROAD_ADDRESS, "addressType": "R",
        "userSelectedType": "R", "roadAddress": ROAD_ADDRESS,
        "jibunAddress": "서울 강남구 역삼동 701", "autoRoadAddress": "",
        "bname": "역삼동", "buildingName": "한국지식재산센터", "apartment": "N",
    });
    let no_road = json!({
        "zonecode": NO_ROAD_POSTAL_CODE, "address": "제주특별자치도 서귀포시 대정읍 마라리",
        "addressType": "J", "userSelectedType": "J", "roadAddress": "",
        "jibunAddress": "제주특별자치도 서귀포시 대정읍 마라리", "autoRoadAddress": "",
        "bname": "마라리", "buildingName": "", "apartment": "N",
    });
    format!(
        r#"<!doctype html><meta charset="utf-8"><title>우편번호 검색</title>
<button id="pick">테헤란로 131</button>
<button id="pick-no-road">마라리</button>
<script>
document.getElementById('pick').onclick = function () {{ parent.postMessage({place:?}, '*'); }};
document.getElementById('pick-no-road').onclick = function () {{ parent.postMessage({no_road:?}, '*'); }};
</script>"#,
        place = place.to_string(),
        no_road = no_road.to_string(),
    )
}
