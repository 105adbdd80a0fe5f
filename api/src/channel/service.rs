//! Channel operations: resolving the channel of a request, listing and updating channels.

use diesel::prelude::*;
use shared::{ChannelId, Currency};

use super::ChannelError;
use super::model::{
    Channel, ChannelRow, ChannelSelector, ChannelUpdate, ChannelWithHosts, NewChannel,
};
use super::seller::{self, SellerUpdate};
use crate::db::schema::{channel_hosts, channels};
use crate::db::{self, AnyConnection};
use crate::validation::{Violation, ViolationCode, required_text};

/// Most host names a channel may have.
pub const MAX_HOSTS: usize = 20;
/// Longest channel name.
pub const MAX_NAME_CHARS: usize = 100;

/// The channel a Shop API request runs in: the `Jangteo-Channel` header's code if given (an
/// unknown code is an error, never a silent fallback), else the channel owning the request's
/// host name, else the default channel.
pub fn resolve(
    conn: &mut AnyConnection,
    selector: &ChannelSelector,
) -> Result<Channel, ChannelError> {
    if let Some(code) = &selector.code {
        let row = channels::table
            .filter(channels::code.eq(code.trim()))
            .select(ChannelRow::as_select())
            .first(conn)
            .optional()?;
        return row
            .ok_or_else(|| ChannelError::UnknownCode(code.clone()))
            .and_then(|r| Ok(Channel::try_from(r)?));
    }
    if let Some(host) = selector.host.as_deref().map(normalize_host) {
        let row = channels::table
            .inner_join(channel_hosts::table)
            .filter(channel_hosts::host.eq(host))
            .select(ChannelRow::as_select())
            .first(conn)
            .optional()?;
        if let Some(row) = row {
            return Ok(Channel::try_from(row)?);
        }
    }
    default_channel(conn)?.ok_or(ChannelError::NotFound)
}

fn default_channel(conn: &mut AnyConnection) -> Result<Option<Channel>, ChannelError> {
    let row = channels::table
        .filter(channels::is_default.eq(true))
        .select(ChannelRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(Channel::try_from).transpose()?)
}

/// Makes sure a default channel exists (a new installation gets one named "Jangteo" in KRW).
/// Safe when several processes start at once: the loser of the insert race reads the winner's.
pub fn ensure_default(conn: &mut AnyConnection) -> Result<Channel, ChannelError> {
    if let Some(channel) = default_channel(conn)? {
        return Ok(channel);
    }
    let now = db::now();
    let inserted = diesel::insert_into(channels::table)
        .values(NewChannel {
            code: "default",
            name: "Jangteo",
            currency: Currency::Krw.code(),
            locale: "ko",
            time_zone: "Asia/Seoul",
            is_default: true,
            created_at: now,
            updated_at: now,
        })
        .get_result::<ChannelRow>(conn);
    match inserted {
        Ok(row) => Ok(Channel::try_from(row)?),
        Err(e) if db::is_unique_violation(&e) => {
            default_channel(conn)?.ok_or(ChannelError::NotFound)
        }
        Err(e) => Err(e.into()),
    }
}

/// Every channel with its host names, default first.
pub fn list(conn: &mut AnyConnection) -> Result<Vec<ChannelWithHosts>, ChannelError> {
    let rows: Vec<ChannelRow> = channels::table
        .order((channels::is_default.desc(), channels::id.asc()))
        .select(ChannelRow::as_select())
        .load(conn)?;
    let hosts: Vec<(i64, String)> = channel_hosts::table
        .select((channel_hosts::channel_id, channel_hosts::host))
        .order(channel_hosts::host.asc())
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            let id = row.id;
            Ok(ChannelWithHosts {
                channel: Channel::try_from(row)?,
                hosts: hosts
                    .iter()
                    .filter(|(c, _)| *c == id)
                    .map(|(_, h)| h.clone())
                    .collect(),
            })
        })
        .collect()
}

pub fn get(conn: &mut AnyConnection, id: ChannelId) -> Result<ChannelWithHosts, ChannelError> {
    let row = channels::table
        .find(id.key())
        .select(ChannelRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(ChannelError::NotFound)?;
    let hosts = channel_hosts::table
        .filter(channel_hosts::channel_id.eq(id.key()))
        .select(channel_hosts::host)
        .order(channel_hosts::host.asc())
        .load(conn)?;
    Ok(ChannelWithHosts {
        channel: Channel::try_from(row)?,
        hosts,
    })
}

/// Updates a channel's name, host names, logo, shipping fee, postal-code search and/or seller
/// details, all or nothing, and records the change in the audit log as made by `actor`.
pub fn update(
    conn: &mut AnyConnection,
    id: ChannelId,
    update: ChannelUpdate,
    actor: &crate::access::audit::Actor,
) -> Result<ChannelWithHosts, ChannelError> {
    let mut violations = Vec::new();
    let name = update
        .name
        .as_deref()
        .map(|n| required_text("name", n, MAX_NAME_CHARS, &mut violations));
    let hosts = update
        .hosts
        .as_deref()
        .map(|h| validate_hosts(h, &mut violations));
    let logo_url = update.logo_url.map(|logo| {
        logo.map(|url| url.trim().to_owned())
            .filter(|url| !url.is_empty())
            .inspect(|url| {
                if !is_public_url(url) {
                    violations.push(Violation::new(
                        &["logoUrl"],
                        ViolationCode::Invalid,
                        "the logo must be an absolute http(s) URL (emails are read outside the shop)",
                    ));
                }
            })
    });
    for (field, amount) in [
        ("shippingFee", update.shipping_fee),
        (
            "freeShippingThreshold",
            update.free_shipping_threshold.flatten(),
        ),
    ] {
        if let Some(amount) = amount
            && !(0..=shared::MAX_AMOUNT).contains(&amount)
        {
            violations.push(Violation::new(
                &[field],
                ViolationCode::OutOfRange,
                format!("{field} must be between 0 and {}", shared::MAX_AMOUNT),
            ));
        }
    }
    let seller = match update.seller.map(SellerUpdate::checked) {
        Some(Ok(s)) => Some(s).filter(|s| !s.is_empty()),
        Some(Err(v)) => {
            violations.extend(v);
            None
        }
        None => None,
    };
    if !violations.is_empty() {
        return Err(ChannelError::Invalid(violations));
    }
    db::write_transaction(conn, |conn| {
        let exists = channels::table
            .find(id.key())
            .select(channels::id)
            .first::<i64>(conn)
            .optional()?
            .is_some();
        if !exists {
            return Err(ChannelError::NotFound);
        }
        diesel::update(channels::table.find(id.key()))
            .set(channels::updated_at.eq(db::now()))
            .execute(conn)?;
        if let Some(name) = &name {
            diesel::update(channels::table.find(id.key()))
                .set(channels::name.eq(name))
                .execute(conn)?;
        }
        if let Some(logo_url) = &logo_url {
            diesel::update(channels::table.find(id.key()))
                .set(channels::logo_url.eq(logo_url))
                .execute(conn)?;
        }
        if let Some(fee) = update.shipping_fee {
            diesel::update(channels::table.find(id.key()))
                .set(channels::shipping_fee_amount.eq(fee))
                .execute(conn)?;
        }
        if let Some(threshold) = update.free_shipping_threshold {
            diesel::update(channels::table.find(id.key()))
                .set(channels::free_shipping_threshold.eq(threshold))
                .execute(conn)?;
        }
        if let Some(on) = update.address_search {
            diesel::update(channels::table.find(id.key()))
                .set(channels::address_search.eq(on))
                .execute(conn)?;
        }
        if let Some(hosts) = &hosts {
            let taken: Vec<String> = channel_hosts::table
                .filter(channel_hosts::host.eq_any(hosts))
                .filter(channel_hosts::channel_id.ne(id.key()))
                .select(channel_hosts::host)
                .load(conn)?;
            if !taken.is_empty() {
                return Err(ChannelError::Invalid(taken_violations(hosts, &taken)));
            }
            diesel::delete(channel_hosts::table.filter(channel_hosts::channel_id.eq(id.key())))
                .execute(conn)?;
            for host in hosts {
                let inserted = diesel::insert_into(channel_hosts::table)
                    .values((
                        channel_hosts::host.eq(host),
                        channel_hosts::channel_id.eq(id.key()),
                    ))
                    .execute(conn);
                match inserted {
                    Ok(_) => {}
                    // Another channel took the host between our check and the insert.
                    Err(e) if db::is_unique_violation(&e) => {
                        return Err(ChannelError::Invalid(taken_violations(
                            hosts,
                            std::slice::from_ref(host),
                        )));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        if let Some(seller) = &seller {
            seller::save(conn, id.key(), seller.clone(), db::now())?;
        }
        crate::access::audit::record(
            conn,
            actor,
            "channel.update",
            Some(id.to_string()),
            serde_json::json!({
                "name": name,
                "hosts": hosts,
                "logo_url": logo_url,
                "shipping_fee": update.shipping_fee,
                "free_shipping_threshold": update.free_shipping_threshold,
                "address_search": update.address_search,
                "seller": seller.as_ref().map(|s| s.changed_fields()),
            }),
            db::now(),
        )
        .map_err(ChannelError::Internal)?;
        get(conn, id)
    })
}

fn taken_violations(hosts: &[String], taken: &[String]) -> Vec<Violation> {
    hosts
        .iter()
        .enumerate()
        .filter(|(_, h)| taken.contains(h))
        .map(|(i, h)| {
            Violation::indexed(
                "hosts",
                i,
                ViolationCode::Taken,
                format!("{h} already selects another channel"),
            )
        })
        .collect()
}

/// Lower-cases a host name and drops a port: `Shop.Example.COM:8080` → `shop.example.com`.
pub fn normalize_host(host: &str) -> String {
    let host = host.trim();
    let without_port = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8080
        rest.split(']').next().unwrap_or(rest)
    } else {
        match host.rsplit_once(':') {
            Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
            _ => host,
        }
    };
    without_port.trim_end_matches('.').to_ascii_lowercase()
}

fn validate_hosts(hosts: &[String], violations: &mut Vec<Violation>) -> Vec<String> {
    if hosts.len() > MAX_HOSTS {
        violations.push(Violation::new(
            &["hosts"],
            ViolationCode::TooLong,
            format!("a channel can have at most {MAX_HOSTS} host names"),
        ));
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::with_capacity(hosts.len());
    for (i, raw) in hosts.iter().enumerate() {
        let host = normalize_host(raw);
        if !is_valid_host_name(&host) {
            violations.push(Violation::indexed(
                "hosts",
                i,
                ViolationCode::Invalid,
                format!(
                    "{raw:?} is not a host name (letters, digits and '-' in dot-separated labels; \
                     write internationalised names in their xn-- form)"
                ),
            ));
        } else if out.contains(&host) {
            violations.push(Violation::indexed(
                "hosts",
                i,
                ViolationCode::Invalid,
                format!("{host} is listed twice"),
            ));
        } else {
            out.push(host);
        }
    }
    out
}

/// An absolute `http(s)://host/…` URL of reasonable length, without spaces or quotes.
fn is_public_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    url.len() <= 2000
        && rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && !r
                    .chars()
                    .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        })
}

/// A DNS host name: dot-separated labels of ASCII letters, digits and hyphens (RFC 1123).
fn is_valid_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logo_urls_must_be_absolute() {
        assert!(is_public_url("https://cdn.example.com/logo.png"));
        assert!(is_public_url("http://127.0.0.1:8080/media/logo.png"));
        for bad in [
            "/media/logo.png",
            "javascript:alert(1)",
            "https://",
            "https://a b/c",
            "ftp://x/y",
        ] {
            assert!(!is_public_url(bad), "{bad}");
        }
    }

    #[test]
    fn hosts_are_normalised() {
        assert_eq!(normalize_host("Shop.Example.COM:8080"), "shop.example.com");
        assert_eq!(normalize_host("localhost"), "localhost");
        assert_eq!(normalize_host("[::1]:8080"), "::1");
        assert_eq!(normalize_host("shop.example.com."), "shop.example.com");
    }

    #[test]
    fn host_names_are_validated() {
        for good in ["localhost", "shop.example.com", "xn--9n2bp8q.com", "a-b.c1"] {
            assert!(is_valid_host_name(good), "{good}");
        }
        for bad in [
            "",
            "-a.com",
            "a-.com",
            "a..com",
            "장터.com",
            "a_b.com",
            "a b.com",
            &"a".repeat(64),
        ] {
            assert!(!is_valid_host_name(bad), "{bad}");
        }
    }

    #[test]
    fn duplicate_and_invalid_hosts_are_reported_by_index() {
        let mut v = Vec::new();
        let out = validate_hosts(&["a.com".into(), "A.com".into(), "bad host".into()], &mut v);
        assert_eq!(out, vec!["a.com".to_owned()]);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].field, vec!["hosts", "1"]);
        assert_eq!(v[1].field, vec!["hosts", "2"]);
        assert_eq!(v[1].code, ViolationCode::Invalid);
    }
}
