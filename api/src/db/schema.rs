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
        shipping_fee_amount -> BigInt,
        free_shipping_threshold -> Nullable<BigInt>,
        address_search -> Bool,
    }
}

diesel::table! {
    channel_policies (channel_id, kind, version) {
        channel_id -> BigInt,
        kind -> Text,
        version -> Integer,
        body_html -> Text,
        published_at -> Timestamp,
        published_by -> Text,
    }
}

diesel::table! {
    channel_sellers (channel_id) {
        channel_id -> BigInt,
        business_name -> Text,
        representative -> Text,
        registration_number -> Text,
        mail_order_number -> Text,
        address -> Text,
        phone -> Text,
        email -> Text,
        hours -> Text,
        privacy_officer -> Text,
        hosting_provider -> Text,
        escrow_notice -> Text,
        updated_at -> Timestamp,
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
        content_html -> Text,
        status -> Text,
        option_names -> Text,
    }
}

diesel::table! {
    product_variants (id) {
        id -> BigInt,
        product_id -> BigInt,
        sku -> Text,
        option_values -> Text,
        position -> Integer,
        weight_grams -> Nullable<Integer>,
        stock_quantity -> BigInt,
        sell_when_out_of_stock -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        image_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    media (id) {
        id -> BigInt,
        storage_key -> Text,
        file_name -> Text,
        content_type -> Text,
        byte_size -> BigInt,
        width -> Integer,
        height -> Integer,
        alt -> Text,
        status -> Text,
        failure -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    product_media (product_id, media_id) {
        product_id -> BigInt,
        media_id -> BigInt,
        position -> Integer,
    }
}

diesel::table! {
    variant_channel_listings (variant_id, channel_id) {
        variant_id -> BigInt,
        channel_id -> BigInt,
        price_amount -> BigInt,
        compare_at_amount -> Nullable<BigInt>,
    }
}

diesel::table! {
    categories (id) {
        id -> BigInt,
        parent_id -> Nullable<BigInt>,
        slug -> Text,
        name -> Text,
        description -> Text,
        position -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    product_search_grams (gram, product_id) {
        gram -> Text,
        product_id -> BigInt,
    }
}

diesel::table! {
    product_categories (product_id, category_id) {
        product_id -> BigInt,
        category_id -> BigInt,
    }
}

diesel::table! {
    collections (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        description -> Text,
        featured -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    collection_products (collection_id, product_id) {
        collection_id -> BigInt,
        product_id -> BigInt,
        position -> Integer,
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
        dedupe_key -> Nullable<Text>,
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

diesel::table! {
    members (id) {
        id -> BigInt,
        email -> Text,
        password_hash -> Text,
        name -> Text,
        phone -> Text,
        grade -> Text,
        email_verified_at -> Nullable<Timestamp>,
        marketing_consent -> Bool,
        marketing_consent_at -> Nullable<Timestamp>,
        last_active_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    member_addresses (id) {
        id -> BigInt,
        member_id -> BigInt,
        recipient -> Text,
        phone -> Text,
        postal_code -> Text,
        road_address -> Text,
        detail_address -> Text,
        is_default -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        member_id -> BigInt,
        family -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        spent_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        successor_sealed -> Nullable<Text>,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> BigInt,
        purpose -> Text,
        subject_id -> BigInt,
        token_hash -> Nullable<Text>,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    staff (id) {
        id -> BigInt,
        email -> Text,
        name -> Text,
        role -> Text,
        password_hash -> Nullable<Text>,
        totp_secret -> Nullable<Text>,
        totp_pending -> Nullable<Text>,
        totp_last_step -> Nullable<BigInt>,
        disabled_at -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    staff_recovery_codes (id) {
        id -> BigInt,
        staff_id -> BigInt,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    staff_sessions (id) {
        id -> BigInt,
        staff_id -> BigInt,
        kind -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        ip -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_keys (id) {
        id -> BigInt,
        name -> Text,
        prefix -> Text,
        secret_hash -> Text,
        scopes -> Text,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        actor_kind -> Text,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        action -> Text,
        target -> Nullable<Text>,
        detail -> Text,
        ip -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        failures -> Integer,
        blocked_until -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_throttle (key) {
        key -> Text,
        window_start -> Timestamp,
        hits -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    carts (id) {
        id -> BigInt,
        token_hash -> Text,
        channel_id -> BigInt,
        member_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    cart_lines (id) {
        id -> BigInt,
        cart_id -> BigInt,
        variant_id -> Nullable<BigInt>,
        quantity -> BigInt,
        added_unit_price -> BigInt,
        product_name -> Text,
        variant_label -> Text,
        sku -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    carriers (code) {
        code -> Text,
        name -> Text,
        tracking_url_template -> Text,
        position -> Integer,
        active -> Bool,
    }
}

diesel::table! {
    order_number_days (day) {
        day -> Text,
        last_value -> BigInt,
    }
}

diesel::table! {
    orders (id) {
        id -> BigInt,
        number -> Text,
        channel_id -> BigInt,
        member_id -> Nullable<BigInt>,
        status -> Text,
        source -> Text,
        customer_name -> Text,
        email -> Text,
        phone -> Text,
        recipient -> Text,
        recipient_phone -> Text,
        postal_code -> Text,
        road_address -> Text,
        detail_address -> Text,
        delivery_note -> Text,
        currency -> Text,
        subtotal_amount -> BigInt,
        shipping_amount -> BigInt,
        discount_amount -> BigInt,
        total_amount -> BigInt,
        refunded_amount -> BigInt,
        refunded_shipping_amount -> BigInt,
        payment_method -> Text,
        expires_at -> Nullable<Timestamp>,
        carrier_code -> Nullable<Text>,
        tracking_number -> Nullable<Text>,
        placed_at -> Timestamp,
        paid_at -> Nullable<Timestamp>,
        shipped_at -> Nullable<Timestamp>,
        delivered_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    order_agreements (order_id, kind) {
        order_id -> BigInt,
        kind -> Text,
        version -> Text,
        agreed_at -> Timestamp,
        policy_version -> Nullable<Integer>,
    }
}

diesel::table! {
    order_lines (id) {
        id -> BigInt,
        order_id -> BigInt,
        position -> Integer,
        variant_id -> Nullable<BigInt>,
        product_id -> Nullable<BigInt>,
        product_name -> Text,
        variant_label -> Text,
        sku -> Text,
        unit_price_amount -> BigInt,
        quantity -> BigInt,
        line_total_amount -> BigInt,
        refunded_quantity -> BigInt,
        stock_taken -> BigInt,
        restocked_quantity -> BigInt,
    }
}

diesel::table! {
    order_events (id) {
        id -> BigInt,
        order_id -> BigInt,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        actor_kind -> Text,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        message -> Text,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    payments (id) {
        id -> BigInt,
        order_id -> BigInt,
        gateway -> Text,
        method -> Text,
        status -> Text,
        amount -> BigInt,
        refunded_amount -> BigInt,
        payment_key -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        failure_code -> Nullable<Text>,
        failure_message -> Nullable<Text>,
        va_bank -> Nullable<Text>,
        va_account_number -> Nullable<Text>,
        va_holder -> Nullable<Text>,
        va_due_at -> Nullable<Timestamp>,
        deposit_secret -> Nullable<Text>,
        approved_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    refunds (id) {
        id -> BigInt,
        order_id -> BigInt,
        amount -> BigInt,
        shipping_amount -> BigInt,
        lines -> Text,
        restock -> Bool,
        cancels_order -> Bool,
        reason -> Text,
        refund_account -> Nullable<Text>,
        status -> Text,
        failure -> Nullable<Text>,
        actor_kind -> Text,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        created_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    inbound_events (id) {
        id -> BigInt,
        provider -> Text,
        event_key -> Text,
        body -> Text,
        status -> Text,
        note -> Text,
        deliveries -> Integer,
        received_at -> Timestamp,
        processed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (scope, key) {
        scope -> Text,
        key -> Text,
        request_hash -> Text,
        outcome -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sandbox_payments (payment_key) {
        payment_key -> Text,
        order_id -> Text,
        order_name -> Text,
        amount -> BigInt,
        method -> Text,
        status -> Text,
        card_last4 -> Nullable<Text>,
        card_outcome -> Nullable<Text>,
        bank_code -> Nullable<Text>,
        account_number -> Nullable<Text>,
        holder -> Nullable<Text>,
        due_at -> Nullable<Timestamp>,
        secret -> Text,
        balance_amount -> BigInt,
        confirmations -> Integer,
        cancel_keys -> Text,
        created_at -> Timestamp,
        approved_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(channel_hosts -> channels (channel_id));
diesel::joinable!(channel_policies -> channels (channel_id));
diesel::joinable!(channel_sellers -> channels (channel_id));
diesel::joinable!(schedule_runs -> jobs (job_id));
diesel::joinable!(product_channel_listings -> channels (channel_id));
diesel::joinable!(product_channel_listings -> products (product_id));
diesel::joinable!(product_variants -> products (product_id));
diesel::joinable!(variant_channel_listings -> product_variants (variant_id));
diesel::joinable!(variant_channel_listings -> channels (channel_id));
diesel::joinable!(product_categories -> products (product_id));
diesel::joinable!(product_categories -> categories (category_id));
diesel::joinable!(collection_products -> collections (collection_id));
diesel::joinable!(collection_products -> products (product_id));
diesel::joinable!(product_media -> products (product_id));
diesel::joinable!(product_search_grams -> products (product_id));
diesel::joinable!(product_media -> media (media_id));
diesel::joinable!(member_addresses -> members (member_id));
diesel::joinable!(refresh_tokens -> members (member_id));
diesel::joinable!(staff_recovery_codes -> staff (staff_id));
diesel::joinable!(staff_sessions -> staff (staff_id));
diesel::joinable!(carts -> channels (channel_id));
diesel::joinable!(cart_lines -> carts (cart_id));
diesel::joinable!(cart_lines -> product_variants (variant_id));
diesel::joinable!(orders -> channels (channel_id));
diesel::joinable!(order_lines -> orders (order_id));
diesel::joinable!(order_events -> orders (order_id));
diesel::joinable!(order_agreements -> orders (order_id));
diesel::joinable!(payments -> orders (order_id));
diesel::joinable!(refunds -> orders (order_id));

diesel::allow_tables_to_appear_in_same_query!(
    channels,
    channel_hosts,
    channel_policies,
    channel_sellers,
    products,
    product_channel_listings,
    product_variants,
    variant_channel_listings,
    categories,
    product_categories,
    collections,
    collection_products,
    media,
    product_media,
    product_search_grams,
    jobs,
    schedule_runs,
    message_deliveries,
    members,
    member_addresses,
    refresh_tokens,
    account_tokens,
    staff,
    staff_recovery_codes,
    staff_sessions,
    api_keys,
    audit_log,
    login_throttle,
    webhook_throttle,
    carts,
    cart_lines,
    carriers,
    order_number_days,
    orders,
    order_lines,
    order_events,
    order_agreements,
    payments,
    refunds,
    inbound_events,
    idempotency_keys,
    sandbox_payments,
);
