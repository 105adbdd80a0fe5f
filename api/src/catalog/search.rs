//! The search index of product names.
//!
//! A name is indexed as its grams: every character and every pair of adjacent characters of each
//! of its words, lower-cased. A search word of one character looks up that character; a longer
//! word looks up its first pair. Pairs and not triples because Korean words are short: 현미, 두유
//! and 녹차 are whole words of two syllables, which a trigram index could not find.
//!
//! The index only narrows the rows a search reads (the postings of one gram per word, not every
//! name): the listing still checks every word against the name with `LIKE`, so a name that has a
//! word's first pair but not the word (`단백` of 단백질 in "단백 쉐이크") never makes a false
//! match, and the answers are exactly those of a scan.
//!
//! The catalog editor writes a product's grams in the transaction that writes its name;
//! [`index_missing`] fills them in at start-up for products that have none (those created before
//! the index existed).

use std::collections::BTreeSet;

use diesel::prelude::*;

use crate::db::schema::{product_search_grams, products};
use crate::db::{self, AnyConnection, DbError};

/// The grams of `name`: each character and each pair of adjacent characters of every word,
/// lower-cased.
pub fn name_grams(name: &str) -> BTreeSet<String> {
    let lower = name.to_lowercase();
    let mut grams = BTreeSet::new();
    for word in lower.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            grams.insert(c.to_string());
            if let Some(next) = chars.get(i + 1) {
                grams.insert([*c, *next].iter().collect());
            }
        }
    }
    grams
}

/// The gram a search for `word` (one word, no spaces) looks up: its first pair of characters,
/// or the character itself. Every name containing the word has it.
pub fn word_gram(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next()?;
    Some(match chars.next() {
        Some(second) => [first, second].iter().collect(),
        None => first.to_string(),
    })
}

/// Replaces the grams of product `id` by those of `name` (inside the caller's transaction).
pub(crate) fn index(conn: &mut AnyConnection, id: i64, name: &str) -> QueryResult<()> {
    diesel::delete(product_search_grams::table.filter(product_search_grams::product_id.eq(id)))
        .execute(conn)?;
    index_new(conn, id, name)
}

/// Writes the grams of a product that has none yet (one just inserted): one statement, the
/// grams bound as one array (`json_each` on SQLite, `unnest` on PostgreSQL).
pub(crate) fn index_new(conn: &mut AnyConnection, id: i64, name: &str) -> QueryResult<()> {
    use diesel::sql_types::{Array, BigInt, Text};
    let grams: Vec<String> = name_grams(name).into_iter().collect();
    if grams.is_empty() {
        return Ok(());
    }
    match conn {
        AnyConnection::Sqlite(c) => {
            let list = serde_json::to_string(&grams).expect("strings serialise");
            diesel::sql_query(
                "INSERT INTO product_search_grams (gram, product_id) \
                 SELECT value, ? FROM json_each(?)",
            )
            .bind::<BigInt, _>(id)
            .bind::<Text, _>(list)
            .execute(c)?;
        }
        AnyConnection::Postgresql(c) => {
            diesel::sql_query(
                "INSERT INTO product_search_grams (gram, product_id) \
                 SELECT g, $1 FROM unnest($2::text[]) AS g",
            )
            .bind::<BigInt, _>(id)
            .bind::<Array<Text>, _>(grams)
            .execute(c)?;
        }
    }
    Ok(())
}

/// Indexes every product that has no grams yet; returns how many. Run at start-up: several
/// servers starting at once take turns (SQLite's write lock, a PostgreSQL advisory lock), and
/// the later ones find nothing left to do.
pub fn index_missing(conn: &mut AnyConnection) -> Result<usize, DbError> {
    db::write_transaction(conn, |conn| {
        if let AnyConnection::Postgresql(pg) = conn {
            diesel::sql_query("SELECT pg_advisory_xact_lock(7245921002)").execute(pg)?;
        }
        let missing: Vec<(i64, String)> = products::table
            .filter(diesel::dsl::not(diesel::dsl::exists(
                product_search_grams::table
                    .filter(product_search_grams::product_id.eq(products::id)),
            )))
            .select((products::id, products::name))
            .load(conn)?;
        for (id, name) in &missing {
            index_new(conn, *id, name)?;
        }
        Ok::<_, DbError>(missing.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_indexed_by_characters_and_pairs_within_words() {
        let grams: Vec<String> = name_grams("유기농 Tea").into_iter().collect();
        assert_eq!(
            grams,
            ["a", "e", "ea", "t", "te", "기", "기농", "농", "유", "유기"]
        );
        // No pair spans two words, and repeats count once.
        assert!(!name_grams("가 나").contains("가나"));
        assert_eq!(name_grams("aaa").len(), 2);
        assert!(name_grams("  ").is_empty());
    }

    #[test]
    fn every_word_a_name_contains_finds_its_gram_in_the_name() {
        let names = [
            "국산 현미 단백질 바 500g",
            "제주 녹차 선물세트",
            "Organic OAT Milk 1L",
            "토마토수프",
            "차",
        ];
        for name in names {
            let grams = name_grams(name);
            let lower = name.to_lowercase();
            for word in lower.split_whitespace() {
                let chars: Vec<char> = word.chars().collect();
                // Every substring of every word, as a shopper might type it.
                for start in 0..chars.len() {
                    for end in start + 1..=chars.len() {
                        let part: String = chars[start..end].iter().collect();
                        let gram = word_gram(&part.to_uppercase()).expect("a gram");
                        assert!(grams.contains(&gram), "{part:?} in {name:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_search_word_looks_up_its_first_pair_or_its_character() {
        assert_eq!(word_gram("단백질").as_deref(), Some("단백"));
        assert_eq!(word_gram("차").as_deref(), Some("차"));
        assert_eq!(word_gram("OAT").as_deref(), Some("oa"));
        assert_eq!(word_gram(""), None);
    }
}
