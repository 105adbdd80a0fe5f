//! Email templates: files under `api/templates/mail/`, compiled into the binary. A template
//! `NAME` is three files: `NAME.html` (extends `layout.html`; its `<style>` is inlined into every
//! element at render time, because mail clients honour only inline styles), `NAME.txt` (blocks
//! `subject` and `text`: the subject line and the plain-text part) and `NAME.json` (a sample
//! context for `jangteo mail preview`). `*.inc` files are parts the others include.

use minijinja::{Environment, UndefinedBehavior};
use serde_json::Value;

/// `(file name, contents)` of every mail template file.
const FILES: &[(&str, &str)] = &[
    (
        "layout.html",
        include_str!("../../../templates/mail/layout.html"),
    ),
    (
        "test.html",
        include_str!("../../../templates/mail/test.html"),
    ),
    ("test.txt", include_str!("../../../templates/mail/test.txt")),
    (
        "test.json",
        include_str!("../../../templates/mail/test.json"),
    ),
    (
        "password_reset.html",
        include_str!("../../../templates/mail/password_reset.html"),
    ),
    (
        "password_reset.txt",
        include_str!("../../../templates/mail/password_reset.txt"),
    ),
    (
        "password_reset.json",
        include_str!("../../../templates/mail/password_reset.json"),
    ),
    (
        "email_verification.html",
        include_str!("../../../templates/mail/email_verification.html"),
    ),
    (
        "email_verification.txt",
        include_str!("../../../templates/mail/email_verification.txt"),
    ),
    (
        "email_verification.json",
        include_str!("../../../templates/mail/email_verification.json"),
    ),
    (
        "staff_invitation.html",
        include_str!("../../../templates/mail/staff_invitation.html"),
    ),
    (
        "staff_invitation.txt",
        include_str!("../../../templates/mail/staff_invitation.txt"),
    ),
    (
        "staff_invitation.json",
        include_str!("../../../templates/mail/staff_invitation.json"),
    ),
    // The seller details under the plain-text part (the HTML part has them in `layout.html`).
    (
        "seller_footer.inc",
        include_str!("../../../templates/mail/seller_footer.inc"),
    ),
    (
        "order_lines.html",
        include_str!("../../../templates/mail/order_lines.html"),
    ),
    (
        "order_awaiting_deposit.html",
        include_str!("../../../templates/mail/order_awaiting_deposit.html"),
    ),
    (
        "order_awaiting_deposit.txt",
        include_str!("../../../templates/mail/order_awaiting_deposit.txt"),
    ),
    (
        "order_awaiting_deposit.json",
        include_str!("../../../templates/mail/order_awaiting_deposit.json"),
    ),
    (
        "order_paid.html",
        include_str!("../../../templates/mail/order_paid.html"),
    ),
    (
        "order_paid.txt",
        include_str!("../../../templates/mail/order_paid.txt"),
    ),
    (
        "order_paid.json",
        include_str!("../../../templates/mail/order_paid.json"),
    ),
    (
        "order_shipped.html",
        include_str!("../../../templates/mail/order_shipped.html"),
    ),
    (
        "order_shipped.txt",
        include_str!("../../../templates/mail/order_shipped.txt"),
    ),
    (
        "order_shipped.json",
        include_str!("../../../templates/mail/order_shipped.json"),
    ),
    (
        "order_cancelled.html",
        include_str!("../../../templates/mail/order_cancelled.html"),
    ),
    (
        "order_cancelled.txt",
        include_str!("../../../templates/mail/order_cancelled.txt"),
    ),
    (
        "order_cancelled.json",
        include_str!("../../../templates/mail/order_cancelled.json"),
    ),
];

/// A message rendered from a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub html: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("there is no mail template {0:?}")]
    Unknown(String),
    #[error("mail template {name:?} cannot be rendered: {reason}")]
    Render { name: String, reason: String },
}

/// All mail templates, ready to render.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Compiles every template (a syntax error names the file).
    pub fn new() -> Result<Templates, TemplateError> {
        let mut env = Environment::new();
        // A variable the caller forgot is an error, not an empty string in a customer's inbox.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        for (name, source) in FILES {
            if !name.ends_with(".json") {
                env.add_template(name, source)
                    .map_err(|e| TemplateError::Render {
                        name: (*name).to_owned(),
                        reason: e.to_string(),
                    })?;
            }
        }
        Ok(Templates { env })
    }

    /// Names of the templates (those with a text part).
    pub fn names(&self) -> Vec<&'static str> {
        FILES
            .iter()
            .filter_map(|(file, _)| file.strip_suffix(".txt"))
            .collect()
    }

    /// The sample context of a template, for previews.
    pub fn sample(&self, name: &str) -> Result<Value, TemplateError> {
        let file = format!("{name}.json");
        let source = FILES
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, s)| *s)
            .ok_or_else(|| TemplateError::Unknown(name.to_owned()))?;
        serde_json::from_str(source).map_err(|e| TemplateError::Render {
            name: name.to_owned(),
            reason: format!("{file}: {e}"),
        })
    }

    pub fn exists(&self, name: &str) -> bool {
        self.names().contains(&name)
    }

    /// Renders template `name` with `context` (which must include `shop`).
    pub fn render(&self, name: &str, context: &Value) -> Result<Rendered, TemplateError> {
        if !self.exists(name) {
            return Err(TemplateError::Unknown(name.to_owned()));
        }
        let fail = |e: &dyn std::fmt::Display| TemplateError::Render {
            name: name.to_owned(),
            reason: e.to_string(),
        };
        let ctx = minijinja::Value::from(minijinja::value::Serde(context));
        let html = self
            .env
            .get_template(&format!("{name}.html"))
            .and_then(|t| t.render(&ctx))
            .map_err(|e| fail(&e))?;
        let html = css_inline::inline(&html).map_err(|e| fail(&e))?;
        let text_template = self
            .env
            .get_template(&format!("{name}.txt"))
            .map_err(|e| fail(&e))?;
        let mut captured = text_template.render_captured(&ctx).map_err(|e| fail(&e))?;
        let (subject, text) = captured
            .with_state_mut(|state| {
                Ok::<_, minijinja::Error>((
                    state.render_block("subject")?,
                    state.render_block("text")?,
                ))
            })
            .map_err(|e| fail(&e))?;
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        if subject.is_empty() {
            return Err(fail(&"the subject block is empty"));
        }
        Ok(Rendered {
            subject,
            html,
            text: text.trim().to_owned() + "\n",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context() -> Value {
        let mut ctx = Templates::new().unwrap().sample("test").unwrap();
        ctx["shop"] = super::super::shop_context(
            "바른한끼",
            None,
            "https://shop.example.com",
            &Default::default(),
        );
        ctx
    }

    #[test]
    fn every_template_renders_its_sample() {
        let templates = Templates::new().unwrap();
        assert!(!templates.names().is_empty());
        for name in templates.names() {
            let mut ctx = templates.sample(name).unwrap();
            let seller = crate::seed::demo_seller().apply_to(Default::default());
            ctx["shop"] = super::super::shop_context(
                "바른한끼",
                Some("https://cdn.example.com/logo.png"),
                "https://shop.example.com",
                &seller,
            );
            let r = templates
                .render(name, &ctx)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!r.subject.contains('\n'));
            assert!(
                r.html.contains("https://cdn.example.com/logo.png"),
                "{name}"
            );
            // The seller details the law asks for, in both parts.
            for part in [&r.html, &r.text] {
                for detail in [
                    "주식회사 바른한끼",
                    "215-87-20268",
                    "제2026-서울강남-01234호",
                    "1588-1234",
                ] {
                    assert!(part.contains(detail), "{name}: {detail} in {part}");
                }
            }
        }
    }

    #[test]
    fn css_is_inlined_and_korean_text_kept() {
        let r = Templates::new()
            .unwrap()
            .render("test", &context())
            .unwrap();
        assert_eq!(r.subject, "[바른한끼] 메일 발송 테스트");
        assert!(
            !r.html.contains("<style"),
            "the stylesheet is folded into the elements"
        );
        assert!(r.html.contains("style=\""), "{}", r.html);
        assert!(r.html.contains("메일 설정이 올바르게"));
        assert!(
            r.text
                .contains("관리자 화면 열기: http://127.0.0.1:8080/admin/")
        );
        assert!(!r.text.contains('<'));
    }

    #[test]
    fn values_are_escaped_in_html_but_not_in_text() {
        let mut ctx = context();
        ctx["requested_by"] = json!("<script>alert(1)</script> & co");
        let r = Templates::new().unwrap().render("test", &ctx).unwrap();
        assert!(!r.html.contains("<script>"));
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(r.text.contains("<script>alert(1)</script> & co"));
    }

    #[test]
    fn a_missing_variable_or_template_is_an_error() {
        let mut ctx = context();
        ctx.as_object_mut().unwrap().remove("admin_url");
        assert!(matches!(
            Templates::new().unwrap().render("test", &ctx),
            Err(TemplateError::Render { .. })
        ));
        assert_eq!(
            Templates::new().unwrap().render("nope", &ctx),
            Err(TemplateError::Unknown("nope".into()))
        );
    }
}
