//! Staff over the Admin API: password + TOTP sign-in and enrolment, recovery codes, roles, staff
//! management, API keys, the audit log, and the walk over every Admin API field.

use jangteo::access::staff::{DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD, DEMO_OWNER_TOTP_SECRET};
use jangteo::access::totp;
use jangteo_tests::{TestApp, backend_tests, link_token};
use serde_json::{Value, json};

const STAFF_LOGIN: &str = "mutation($input: StaffLoginInput!) { staffLogin(input: $input) {
    challenge { token nextStep enrolment { secret otpauthUri qrCodeSvg } }
    userErrors { field code message } retryAfterSeconds } }";
const VERIFY: &str = "mutation($input: StaffLoginVerifyInput!) { staffLoginVerify(input: $input) {
    session { token staff { email role twoFactorEnabled } } recoveryCodes
    userErrors { field code message } retryAfterSeconds } }";

/// The code of the app's current time step for a base32 secret (after moving the clock to the
/// start of the next step, so the code stays current while the request travels).
fn code_now(app: &TestApp, secret_b32: &str) -> String {
    app.align_to_totp_step();
    let secret = totp::from_base32(secret_b32).unwrap();
    totp::code_at(&secret, totp::step_of(app.clock.now_utc().timestamp()))
}

async fn staff_login(app: &TestApp, email: &str, password: &str) -> Value {
    let (status, body) = app
        .admin_as(
            None,
            STAFF_LOGIN,
            json!({ "input": { "email": email, "password": password } }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["data"]["staffLogin"].clone()
}

async fn verify(
    app: &TestApp,
    challenge: &str,
    code: Option<&str>,
    recovery: Option<&str>,
) -> Value {
    let (status, body) = app
        .admin_as(
            None,
            VERIFY,
            json!({ "input": { "challenge": challenge, "code": code, "recoveryCode": recovery } }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["data"]["staffLoginVerify"].clone()
}

/// Signs the demo owner in; returns the session token.
pub async fn owner_session(app: &TestApp) -> String {
    let step = staff_login(app, DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD).await;
    assert_eq!(step["challenge"]["nextStep"], "VERIFY_TOTP", "{step}");
    let code = code_now(app, DEMO_OWNER_TOTP_SECRET);
    let done = verify(
        app,
        step["challenge"]["token"].as_str().unwrap(),
        Some(&code),
        None,
    )
    .await;
    done["session"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{done}"))
        .to_owned()
}

fn first_code(payload: &Value) -> String {
    payload["userErrors"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn admin_ok(app: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    let (status, body) = app.admin_as(Some(token), query, vars).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    body["data"].clone()
}

/// Creates an API key with `scopes` (as the operator) and returns its secret.
async fn api_key(app: &TestApp, scopes: &[&str]) -> String {
    let data = admin_ok(
        app,
        &app.operator_token.clone(),
        "mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { secret userErrors { field code message } } }",
        json!({ "input": { "name": "walk", "scopes": scopes } }),
    )
    .await;
    data["apiKeyCreate"]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("{data}"))
        .to_owned()
}

const INVITE: &str = "mutation($input: StaffInviteInput!) { staffInvite(input: $input) { staff { id email role passwordSet twoFactorEnabled } userErrors { field code message } } }";

backend_tests! {
    /// Password, then a TOTP code: accepted within one step of drift, never twice.
    async fn staff_sign_in_needs_a_fresh_totp_code(app) {
        let step = staff_login(&app, DEMO_OWNER_EMAIL, "wrong password here").await;
        assert_eq!(first_code(&step), "INVALID_CREDENTIALS");
        assert_eq!(step["challenge"], Value::Null);
        app.clock.advance(chrono::Duration::seconds(1));
        let step = staff_login(&app, DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD).await;
        let challenge = step["challenge"]["token"].as_str().unwrap().to_owned();
        assert_eq!(step["challenge"]["enrolment"], Value::Null, "already enrolled");
        // A challenge is not a session.
        let (status, _) = app.admin_as(Some(&challenge), "{ viewer { name } }", json!({})).await;
        assert_eq!(status, 401);
        let secret = totp::from_base32(DEMO_OWNER_TOTP_SECRET).unwrap();
        app.align_to_totp_step();
        let now_step = totp::step_of(app.clock.now_utc().timestamp());
        let stale = totp::code_at(&secret, now_step - 2);
        let wrong = verify(&app, &challenge, Some(&stale), None).await;
        assert_eq!(first_code(&wrong), "INVALID_CREDENTIALS", "{wrong}");
        app.clock.advance(chrono::Duration::seconds(1));
        // One step of drift is fine.
        let drifted = totp::code_at(&secret, now_step - 1);
        let ok = verify(&app, &challenge, Some(&drifted), None).await;
        let session = ok["session"]["token"].as_str().unwrap_or_else(|| panic!("{ok}")).to_owned();
        assert_eq!(ok["session"]["staff"]["role"], "OWNER");
        let data = admin_ok(&app, &session, "{ viewer { kind email role permissions } }", json!({})).await;
        assert_eq!(data["viewer"]["kind"], "STAFF");
        assert_eq!(data["viewer"]["email"], DEMO_OWNER_EMAIL);
        // The same code again, on a new challenge: refused (replay).
        let step = staff_login(&app, DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD).await;
        let again = verify(&app, step["challenge"]["token"].as_str().unwrap(), Some(&drifted), None).await;
        assert_eq!(first_code(&again), "INVALID_CREDENTIALS", "replayed code: {again}");
        // Sign-out ends the session.
        let out = admin_ok(&app, &session, "mutation { staffLogout { ok } }", json!({})).await;
        assert_eq!(out["staffLogout"]["ok"], true);
        assert_eq!(app.admin_as(Some(&session), "{ viewer { name } }", json!({})).await.0, 401);
    }

    /// An invited member of staff sets a password from the email link, enrols TOTP at first
    /// sign-in and receives recovery codes that work once each.
    async fn invitation_enrolment_and_recovery_codes(app) {
        let owner = owner_session(&app).await;
        let data = admin_ok(&app, &owner, INVITE, json!({ "input": { "email": "editor@example.com", "name": "박에디터", "role": "CATALOG_EDITOR" } })).await;
        assert_eq!(data["staffInvite"]["staff"]["passwordSet"], false, "{data}");
        let mail = app.wait_for_email("editor@example.com", "/admin/set-password").await;
        let token = link_token(&mail, "/admin/set-password");
        let set = "mutation($input: StaffPasswordSetInput!) { staffPasswordSet(input: $input) { staff { passwordSet } userErrors { field code } } }";
        let (_, weak) = app.admin_as(None, set, json!({ "input": { "token": token, "password": "editor@example.com" } })).await;
        assert_eq!(weak["data"]["staffPasswordSet"]["userErrors"][0]["code"], "WEAK");
        let password = "에디터 비밀번호 2026!";
        let (_, ok) = app.admin_as(None, set, json!({ "input": { "token": token, "password": password } })).await;
        assert_eq!(ok["data"]["staffPasswordSet"]["staff"]["passwordSet"], true, "{ok}");
        let (_, reused) = app.admin_as(None, set, json!({ "input": { "token": token, "password": password } })).await;
        assert_eq!(reused["data"]["staffPasswordSet"]["userErrors"][0]["code"], "USED");

        let step = staff_login(&app, "editor@example.com", password).await;
        assert_eq!(step["challenge"]["nextStep"], "ENROL_TOTP", "{step}");
        let enrolment = &step["challenge"]["enrolment"];
        assert!(enrolment["otpauthUri"].as_str().unwrap().starts_with("otpauth://totp/"));
        assert!(enrolment["qrCodeSvg"].as_str().unwrap().contains("<svg"));
        let secret = enrolment["secret"].as_str().unwrap().to_owned();
        let challenge = step["challenge"]["token"].as_str().unwrap().to_owned();
        let wrong = verify(&app, &challenge, Some("000000"), None).await;
        assert_eq!(first_code(&wrong), "INVALID_CREDENTIALS");
        app.clock.advance(chrono::Duration::seconds(1));
        let done = verify(&app, &challenge, Some(&code_now(&app, &secret)), None).await;
        assert_eq!(done["session"]["staff"]["twoFactorEnabled"], true, "{done}");
        let codes: Vec<String> = done["recoveryCodes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
        assert_eq!(codes.len(), 10);
        // The challenge is spent.
        let spent = verify(&app, &challenge, Some(&code_now(&app, &secret)), None).await;
        assert_eq!(first_code(&spent), "EXPIRED");
        // A recovery code signs in once.
        let step = staff_login(&app, "editor@example.com", password).await;
        assert_eq!(step["challenge"]["nextStep"], "VERIFY_TOTP");
        let rec = verify(&app, step["challenge"]["token"].as_str().unwrap(), None, Some(&codes[3].to_uppercase())).await;
        assert!(rec["session"]["token"].is_string(), "{rec}");
        let step = staff_login(&app, "editor@example.com", password).await;
        let again = verify(&app, step["challenge"]["token"].as_str().unwrap(), None, Some(&codes[3])).await;
        assert_eq!(first_code(&again), "INVALID_CREDENTIALS");
        // A catalog editor reads products but cannot manage staff.
        let editor = rec["session"]["token"].as_str().unwrap().to_owned();
        let (_, forbidden) = app.admin_as(Some(&editor), INVITE, json!({ "input": { "email": "x@example.com", "name": "x", "role": "CS_AGENT" } })).await;
        assert_eq!(forbidden["errors"][0]["extensions"]["code"], "FORBIDDEN");
        assert_eq!(forbidden["errors"][0]["extensions"]["permission"], "StaffWrite");
        admin_ok(&app, &editor, "{ products(first: 1) { edges { node { id } } } }", json!({})).await;

        // The audit log has the invitation and the sign-ins.
        let log = admin_ok(&app, &owner, "{ auditLog(first: 50) { edges { node { action actorName target } } } }", json!({})).await;
        let actions: Vec<&str> = log["auditLog"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["action"].as_str().unwrap()).collect();
        for expected in ["staff.invite", "staff.password_set", "staff.login", "staff.login_failed"] {
            assert!(actions.contains(&expected), "{expected} in {actions:?}");
        }
    }

    /// Owners' rules: no self-disable, the last owner stays, disabling ends sessions at once,
    /// a 2FA reset forces enrolment again.
    async fn staff_management_rules(app) {
        let owner = owner_session(&app).await;
        let me = admin_ok(&app, &owner, "{ staffMembers(first: 10) { edges { node { id email } } } }", json!({})).await;
        let owner_id = me["staffMembers"]["edges"][0]["node"]["id"].as_str().unwrap().to_owned();
        let (_, self_disable) = app.admin_as(Some(&owner), "mutation($id: ID!) { staffDisable(id: $id) { userErrors { code } } }", json!({ "id": owner_id })).await;
        assert_eq!(self_disable["data"]["staffDisable"]["userErrors"][0]["code"], "NOT_ALLOWED");
        let op = app.operator_token.clone();
        let (_, demote) = app.admin_as(Some(&op), "mutation($id: ID!) { staffRoleChange(id: $id, role: MANAGER) { userErrors { code message } } }", json!({ "id": owner_id })).await;
        assert_eq!(demote["data"]["staffRoleChange"]["userErrors"][0]["code"], "NOT_ALLOWED", "last owner: {demote}");
        let (_, reset) = app.admin_as(Some(&op), "mutation($id: ID!) { staffTwoFactorReset(id: $id) { staff { twoFactorEnabled } } }", json!({ "id": owner_id })).await;
        assert_eq!(reset["data"]["staffTwoFactorReset"]["staff"]["twoFactorEnabled"], false, "{reset}");
        assert_eq!(app.admin_as(Some(&owner), "{ viewer { name } }", json!({})).await.0, 401, "sessions ended");
        let step = staff_login(&app, DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD).await;
        assert_eq!(step["challenge"]["nextStep"], "ENROL_TOTP");
        // Disable another owner: sessions end at once.
        let data = admin_ok(&app, &op, INVITE, json!({ "input": { "email": "second@example.com", "name": "둘째", "role": "OWNER" } })).await;
        let second = data["staffInvite"]["staff"]["id"].as_str().unwrap().to_owned();
        let (_, off) = app.admin_as(Some(&op), "mutation($id: ID!) { staffDisable(id: $id) { staff { disabled } } }", json!({ "id": second })).await;
        assert_eq!(off["data"]["staffDisable"]["staff"]["disabled"], true);
        let (_, bad_id) = app.admin_as(Some(&op), "mutation { staffDisable(id: \"gid://jangteo/Product/1\") { userErrors { field code } } }", json!({})).await;
        assert_eq!(bad_id["data"]["staffDisable"]["userErrors"][0]["code"], "INVALID");
    }

    /// API keys work within their scopes until revoked; nobody grants more than they have.
    async fn api_keys_are_scoped_and_revocable(app) {
        let key = api_key(&app, &["PRODUCTS_READ", "SETTINGS_READ", "SETTINGS_WRITE"]).await;
        assert!(key.starts_with("jtk_"));
        let data = admin_ok(&app, &key, "{ viewer { kind permissions } products(first: 1) { edges { node { id } } } }", json!({})).await;
        assert_eq!(data["viewer"]["kind"], "API_KEY");
        let (_, forbidden) = app.admin_as(Some(&key), "{ jobCounts { count } }", json!({})).await;
        assert_eq!(forbidden["errors"][0]["extensions"]["code"], "FORBIDDEN", "{forbidden}");
        let (_, escalate) = app.admin_as(Some(&key), "mutation { apiKeyCreate(input: {name: \"more\", scopes: [JOBS_WRITE]}) { secret userErrors { field code } } }", json!({})).await;
        assert_eq!(escalate["data"]["apiKeyCreate"]["secret"], Value::Null);
        assert_eq!(escalate["data"]["apiKeyCreate"]["userErrors"][0]["code"], "NOT_ALLOWED", "{escalate}");
        let (_, past) = app.admin_as(Some(&key), "mutation { apiKeyCreate(input: {name: \"old\", scopes: [PRODUCTS_READ], expiresAt: \"2020-01-01T00:00:00Z\"}) { userErrors { field code } } }", json!({})).await;
        assert_eq!(past["data"]["apiKeyCreate"]["userErrors"][0]["field"], json!(["input", "expiresAt"]));
        // An expiring key stops at its expiry.
        let (_, short) = app.admin_as(Some(&key), "mutation($t: DateTime!) { apiKeyCreate(input: {name: \"short\", scopes: [PRODUCTS_READ], expiresAt: $t}) { secret } }", json!({ "t": (app.clock.now_utc() + chrono::Duration::hours(1)).to_rfc3339() })).await;
        let short = short["data"]["apiKeyCreate"]["secret"].as_str().unwrap().to_owned();
        assert_eq!(app.admin_as(Some(&short), "{ viewer { name } }", json!({})).await.0, 200);
        app.clock.advance(chrono::Duration::hours(2));
        assert_eq!(app.admin_as(Some(&short), "{ viewer { name } }", json!({})).await.0, 401);
        // Revoked: the next request is refused.
        let keys = admin_ok(&app, &key, "{ apiKeys(first: 10) { edges { node { id name prefix scopes } } } }", json!({})).await;
        let walk = keys["apiKeys"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["name"] == "walk").unwrap()["node"].clone();
        assert!(key.starts_with(walk["prefix"].as_str().unwrap()));
        let revoked = admin_ok(&app, &app.operator_token.clone(), "mutation($id: ID!) { apiKeyRevoke(id: $id) { apiKey { revokedAt } } }", json!({ "id": walk["id"] })).await;
        assert!(revoked["apiKeyRevoke"]["apiKey"]["revokedAt"].is_string());
        assert_eq!(app.admin_as(Some(&key), "{ viewer { name } }", json!({})).await.0, 401);
    }

    /// Every Admin API root field but the public ones refuses anonymous callers and callers
    /// without its permission, and is reachable with exactly that permission.
    async fn every_admin_field_requires_its_permission(app) {
        let sdl = std::fs::read_to_string(jangteo_tests::app::repo_path("schema/admin.graphql")).unwrap();
        let doc = async_graphql::parser::parse_schema(&sdl).unwrap();
        let mut types = std::collections::HashMap::new();
        for def in &doc.definitions {
            if let async_graphql::parser::types::TypeSystemDefinition::Type(t) = def {
                types.insert(t.node.name.node.to_string(), t.node.kind.clone());
            }
        }
        let all_permissions: Vec<&str> = jangteo::access::Permission::ALL.iter().map(|p| p.as_str()).collect();
        let mut walked = 0;
        for (root, op) in [("Query", "query"), ("Mutation", "mutation")] {
            let async_graphql::parser::types::TypeKind::Object(obj) = &types[root] else { panic!("{root}") };
            for field in &obj.fields {
                let name = field.node.name.node.as_str();
                if jangteo::graphql::admin::PUBLIC_FIELDS.contains(&name) {
                    continue;
                }
                let args: Vec<String> = field.node.arguments.iter()
                    .filter_map(|a| sample(&types, &a.node.ty.node.to_string()).map(|v| format!("{}: {v}", a.node.name.node)))
                    .collect();
                let args = if args.is_empty() { String::new() } else { format!("({})", args.join(", ")) };
                let base = field.node.ty.node.to_string().replace(['[', ']', '!'], "");
                let selection = match types.get(&base) {
                    Some(async_graphql::parser::types::TypeKind::Object(_)) => " { __typename }",
                    _ => "",
                };
                // A field taking a file is called as a multipart request, the file being `$f`.
                let uploads = field.node.arguments.iter().any(|a| a.node.ty.node.to_string() == "Upload!");
                let query = if uploads {
                    format!("{op}($f: Upload!) {{ {name}{}{selection} }}", args.replace("\"UPLOAD\"", "$f"))
                } else {
                    format!("{op} {{ {name}{args}{selection} }}")
                };
                let call = |token: Option<String>| {
                    let query = query.clone();
                    let app = &app;
                    async move {
                        if uploads {
                            app.admin_multipart_as(token.as_deref(), &query, json!({ "f": null }), b"walk", "walk.png").await
                        } else {
                            app.admin_as(token.as_deref(), &query, json!({})).await
                        }
                    }
                };
                // Anonymous (a multipart request without credentials is refused at the door).
                let (status, body) = call(None).await;
                if uploads {
                    assert_eq!(status, 415, "{query}: {body}");
                } else {
                    assert_eq!(status, 200, "{query}: {body}");
                    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{query}: {body}");
                }
                // No permission at all (a key must have one scope: give it an unrelated one).
                let (_, body) = call(Some(api_key(&app, &["STATISTICS_READ"]).await)).await;
                let needed = body["errors"][0]["extensions"]["permission"].as_str().unwrap_or_else(|| panic!("{query}: {body}")).to_owned();
                let needed_name = jangteo::access::Permission::ALL.iter().find(|p| format!("{p:?}") == needed).unwrap().as_str();
                // Every permission but that one: still forbidden.
                let others: Vec<&str> = all_permissions.iter().copied().filter(|p| *p != needed_name).collect();
                let (_, body) = call(Some(api_key(&app, &others).await)).await;
                assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN", "{query} with all but {needed}: {body}");
                // Just that one: past the guard (the field may still refuse the sample input).
                let (_, body) = call(Some(api_key(&app, &[needed_name]).await)).await;
                let code = body["errors"][0]["extensions"]["code"].as_str().unwrap_or("");
                assert!(!matches!(code, "FORBIDDEN" | "UNAUTHENTICATED"), "{query} with {needed}: {body}");
                walked += 1;
            }
        }
        assert!(walked >= 15, "walked {walked} fields");
    }

    /// Changes made through the Admin API are in the audit log with who, from where and what.
    async fn changes_are_audited(app) {
        let owner = owner_session(&app).await;
        let channels = admin_ok(&app, &owner, "{ channels { id } }", json!({})).await;
        let channel = channels["channels"][0]["id"].as_str().unwrap().to_owned();
        admin_ok(&app, &owner, "mutation($id: ID!) { channelUpdate(id: $id, input: {name: \"바른한끼 본점\"}) { userErrors { code } } }", json!({ "id": channel })).await;
        admin_ok(&app, &owner, "mutation { mailSendTest(to: \"ops@example.com\") { userErrors { code } } }", json!({})).await;
        admin_ok(&app, &owner, "mutation { apiKeyCreate(input: {name: \"ERP\", scopes: [PRODUCTS_READ]}) { secret } }", json!({})).await;
        let log = admin_ok(&app, &owner, "{ auditLog(first: 10) { edges { node { action actorKind actorName target ip detail } } } }", json!({})).await;
        let entries: Vec<Value> = log["auditLog"]["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()).collect();
        let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions[..4], ["api_key.create", "mail.send_test", "channel.update", "staff.login"], "newest first: {actions:?}");
        let update = &entries[2];
        assert_eq!(update["actorKind"], "staff");
        assert_eq!(update["actorName"], "데모 운영자");
        assert_eq!(update["target"], channel);
        assert_eq!(update["ip"], "127.0.0.1");
        assert_eq!(update["detail"]["name"], "바른한끼 본점");
        // Filtered by action prefix.
        let only = admin_ok(&app, &owner, "{ auditLog(first: 10, action: \"staff.\") { edges { node { action } } } }", json!({})).await;
        assert!(only["auditLog"]["edges"].as_array().unwrap().iter().all(|e| e["node"]["action"].as_str().unwrap().starts_with("staff.")));
    }

    /// Staff sign-in is throttled like shoppers': per account, with the wait in the answer, and
    /// wrong second-factor codes too.
    async fn staff_sign_in_is_throttled(app) {
        app.clock.freeze();
        let wrong = staff_login(&app, DEMO_OWNER_EMAIL, "guess number one").await;
        assert_eq!(first_code(&wrong), "INVALID_CREDENTIALS");
        let blocked = staff_login(&app, DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD).await;
        assert_eq!(first_code(&blocked), "THROTTLED");
        assert_eq!(blocked["retryAfterSeconds"], 1);
        app.clock.advance(chrono::Duration::seconds(1));
        let wrong = staff_login(&app, DEMO_OWNER_EMAIL, "guess number two").await;
        assert_eq!(first_code(&wrong), "INVALID_CREDENTIALS");
        let blocked = staff_login(&app, DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD).await;
        assert_eq!(blocked["retryAfterSeconds"], 2);
        app.clock.advance(chrono::Duration::seconds(2));
        let step = staff_login(&app, DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD).await;
        let challenge = step["challenge"]["token"].as_str().unwrap().to_owned();
        // The right code for this step (computed first: it stays current for ~29 s).
        let code = code_now(&app, DEMO_OWNER_TOTP_SECRET);
        assert_eq!(first_code(&verify(&app, &challenge, Some("123456"), None).await), "INVALID_CREDENTIALS");
        let blocked = verify(&app, &challenge, Some(&code), None).await;
        assert_eq!((first_code(&blocked), blocked["retryAfterSeconds"].as_i64()), ("THROTTLED".into(), Some(1)));
        app.clock.advance(chrono::Duration::seconds(1));
        assert!(verify(&app, &challenge, Some(&code), None).await["session"]["token"].is_string());
    }
}

/// A literal of GraphQL type `ty` for the walk (`None` for optional arguments).
fn sample(
    types: &std::collections::HashMap<String, async_graphql::parser::types::TypeKind>,
    ty: &str,
) -> Option<String> {
    use async_graphql::parser::types::TypeKind;
    let required = ty.ends_with('!');
    if !required {
        return None;
    }
    let inner = ty.trim_end_matches('!');
    if let Some(list) = inner.strip_prefix('[') {
        let item = list.trim_end_matches(']');
        return Some(format!(
            "[{}]",
            sample(types, item).unwrap_or_else(|| sample(types, &format!("{item}!")).unwrap())
        ));
    }
    Some(match inner {
        "ID" => "\"gid://jangteo/Staff/999999\"".into(),
        "String" => "\"walk@example.com\"".into(),
        "Int" | "MinorUnits" => "1".into(),
        "Upload" => "\"UPLOAD\"".into(),
        "Boolean" => "false".into(),
        "DateTime" => "\"2030-01-01T00:00:00Z\"".into(),
        other => match &types[other] {
            TypeKind::Enum(e) => e.values[0].node.value.node.to_string(),
            TypeKind::InputObject(o) => {
                let fields: Vec<String> = o
                    .fields
                    .iter()
                    .filter_map(|f| {
                        sample(types, &f.node.ty.node.to_string())
                            .map(|v| format!("{}: {v}", f.node.name.node))
                    })
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
            _ => "\"x\"".into(),
        },
    })
}
