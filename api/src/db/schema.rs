//! The one diesel schema for both backends. Written by hand (not `print-schema`): the SQLite and
//! PostgreSQL migrations must produce these exact columns, and a test loads every table on both
//! backends to prove it. Use only SQL types both backends share (BigInt, Integer, Text, Bool,
//! Timestamp): timestamps are UTC without zone.

diesel::table! {
    channels (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        currency -> Text,
        locale -> Text,
        time_zone -> Text,
        is_default -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        logo_url -> Nullable<Text>,
    }
}

diesel::table! {
    channel_hosts (host) {
        host -> Text,
        channel_id -> BigInt,
    }
}

diesel::table! {
    products (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        description -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    product_channel_listings (product_id, channel_id) {
        product_id -> BigInt,
        channel_id -> BigInt,
        price_amount -> BigInt,
        published -> Bool,
    }
}

diesel::table! {
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        payload -> Text,
        state -> Text,
        priority -> Integer,
        attempts -> Integer,
        max_attempts -> Integer,
        run_at -> Timestamp,
        locked_by -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    schedule_runs (schedule, due_at) {
        schedule -> Text,
        due_at -> Timestamp,
        job_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    message_deliveries (message_id) {
        message_id -> Text,
        channel -> Text,
        recipient -> Text,
        template -> Text,
        status -> Text,
        claimed_until -> Nullable<Timestamp>,
        claim_token -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(channel_hosts -> channels (channel_id));
diesel::joinable!(schedule_runs -> jobs (job_id));
diesel::joinable!(product_channel_listings -> channels (channel_id));
diesel::joinable!(product_channel_listings -> products (product_id));

diesel::allow_tables_to_appear_in_same_query!(
    channels,
    channel_hosts,
    products,
    product_channel_listings,
    jobs,
    schedule_runs,
    message_deliveries,
);
