//! Admin UI text in message catalogs, one per language (`ko.rs`, `en.rs`); a key missing in one
//! language is a compile error. Korean is the default; the choice is kept in `localStorage`.

mod en;
mod ko;

use shared::web::Lang;

use crate::api::{Permission, ProductStatus, StaffRole};

/// Every UI string of the admin.
pub struct Messages {
    pub app_title: &'static str,
    pub nav_label: &'static str,
    pub nav_dashboard: &'static str,
    pub switch_language: &'static str,
    pub other_language_name: &'static str,
    pub checking_session: &'static str,
    pub api_unreachable: &'static str,
    pub retry: &'static str,
    pub welcome: &'static str,
    pub dashboard_intro: &'static str,
    pub login_title: &'static str,
    pub login_email: &'static str,
    pub login_password: &'static str,
    pub login_code: &'static str,
    pub login_code_hint: &'static str,
    pub login_submit: &'static str,
    pub not_found_title: &'static str,
    pub back_to_dashboard: &'static str,
    pub nav_jobs: &'static str,
    pub sign_out: &'static str,
    pub operator_title: &'static str,
    pub operator_token: &'static str,
    pub operator_token_hint: &'static str,
    pub operator_submit: &'static str,
    pub operator_invalid: &'static str,
    pub enrol_title: &'static str,
    pub enrol_intro: &'static str,
    pub enrol_secret: &'static str,
    pub verify_title: &'static str,
    pub use_recovery: &'static str,
    pub recovery_code: &'static str,
    pub recovery_title: &'static str,
    pub recovery_intro: &'static str,
    pub continue_label: &'static str,
    pub login_next: &'static str,
    pub login_retry_after: &'static str,
    pub operator_details: &'static str,
    pub set_password_title: &'static str,
    pub set_password_submit: &'static str,
    pub password_too_short: &'static str,
    pub staff_title: &'static str,
    pub jobs_title: &'static str,
    pub jobs_loading: &'static str,
    pub jobs_filter: &'static str,
    pub jobs_all: &'static str,
    pub jobs_empty: &'static str,
    pub jobs_summary: &'static str,
    pub col_kind: &'static str,
    pub col_status: &'static str,
    pub col_attempts: &'static str,
    pub col_run_at: &'static str,
    pub col_error: &'static str,
    pub col_actions: &'static str,
    pub col_count: &'static str,
    pub retry_job: &'static str,
    pub discard_job: &'static str,
    pub status_queued: &'static str,
    pub status_failed: &'static str,
    pub status_running: &'static str,
    pub status_succeeded: &'static str,
    pub status_dead: &'static str,
    pub status_discarded: &'static str,
    pub schedules_title: &'static str,
    pub col_schedule: &'static str,
    pub col_timing: &'static str,
    pub col_last_run: &'static str,
    pub col_next_run: &'static str,
    pub never: &'static str,
    pub disabled: &'static str,
    pub nav_staff: &'static str,
    pub nav_audit: &'static str,
    pub nav_api_keys: &'static str,
    pub no_permission: &'static str,
    pub unknown: &'static str,
    pub role_owner: &'static str,
    pub role_manager: &'static str,
    pub role_catalog_editor: &'static str,
    pub role_order_handler: &'static str,
    pub role_cs_agent: &'static str,
    pub perm_products_read: &'static str,
    pub perm_products_write: &'static str,
    pub perm_orders_read: &'static str,
    pub perm_orders_write: &'static str,
    pub perm_members_read: &'static str,
    pub perm_members_write: &'static str,
    pub perm_content_read: &'static str,
    pub perm_content_write: &'static str,
    pub perm_promotions_read: &'static str,
    pub perm_promotions_write: &'static str,
    pub perm_statistics_read: &'static str,
    pub perm_staff_read: &'static str,
    pub perm_staff_write: &'static str,
    pub perm_staff_security: &'static str,
    pub perm_settings_read: &'static str,
    pub perm_settings_write: &'static str,
    pub perm_jobs_read: &'static str,
    pub perm_jobs_write: &'static str,
    pub staff_page_title: &'static str,
    pub staff_loading: &'static str,
    pub staff_empty: &'static str,
    pub staff_truncated: &'static str,
    pub col_name: &'static str,
    pub col_email: &'static str,
    pub col_role: &'static str,
    pub col_two_factor: &'static str,
    pub col_password: &'static str,
    pub col_account: &'static str,
    pub col_last_login: &'static str,
    pub two_factor_on: &'static str,
    pub two_factor_off: &'static str,
    pub password_is_set: &'static str,
    pub password_invited: &'static str,
    pub account_active: &'static str,
    pub account_disabled: &'static str,
    pub change_role: &'static str,
    pub disable_staff: &'static str,
    pub enable_staff: &'static str,
    pub reset_two_factor: &'static str,
    pub invite_title: &'static str,
    pub invite_intro: &'static str,
    pub invite_submit: &'static str,
    pub invite_sent: &'static str,
    pub name_blank: &'static str,
    pub audit_title: &'static str,
    pub audit_loading: &'static str,
    pub audit_empty: &'static str,
    pub audit_filter: &'static str,
    pub audit_filter_staff: &'static str,
    pub audit_filter_api_key: &'static str,
    pub audit_filter_channel: &'static str,
    pub audit_filter_job: &'static str,
    pub audit_more: &'static str,
    pub col_time: &'static str,
    pub col_actor: &'static str,
    pub col_action: &'static str,
    pub col_target: &'static str,
    pub col_ip: &'static str,
    pub col_detail: &'static str,
    pub actor_staff: &'static str,
    pub actor_api_key: &'static str,
    pub actor_operator: &'static str,
    pub actor_system: &'static str,
    pub api_keys_title: &'static str,
    pub api_keys_intro: &'static str,
    pub api_keys_loading: &'static str,
    pub api_keys_empty: &'static str,
    pub api_keys_truncated: &'static str,
    pub col_key: &'static str,
    pub col_scopes: &'static str,
    pub col_expires: &'static str,
    pub col_last_used: &'static str,
    pub col_revoked: &'static str,
    pub key_active: &'static str,
    pub revoke_key: &'static str,
    pub api_key_create_title: &'static str,
    pub api_key_scopes_hint: &'static str,
    pub api_key_expires: &'static str,
    pub api_key_expires_hint: &'static str,
    pub api_key_submit: &'static str,
    pub api_key_no_scopes: &'static str,
    pub api_key_bad_date: &'static str,
    pub api_key_created: &'static str,
    pub api_key_secret_warning: &'static str,
    pub request_refused: &'static str,
    pub nav_products: &'static str,
    pub products_title: &'static str,
    pub products_loading: &'static str,
    pub products_empty: &'static str,
    pub products_more: &'static str,
    pub select_all_products: &'static str,
    pub select_product: &'static str,
    pub col_slug: &'static str,
    pub col_channels: &'static str,
    pub product_status_draft: &'static str,
    pub product_status_active: &'static str,
    pub product_status_archived: &'static str,
    pub listing_published: &'static str,
    pub listing_unpublished: &'static str,
    pub bulk_status_label: &'static str,
    pub bulk_apply: &'static str,
    pub bulk_selected: &'static str,
    pub bulk_none_selected: &'static str,
    pub bulk_too_many: &'static str,
    pub bulk_done: &'static str,
}

impl Messages {
    /// The human name of a staff role.
    pub fn role(&self, role: StaffRole) -> &'static str {
        match role {
            StaffRole::Owner => self.role_owner,
            StaffRole::Manager => self.role_manager,
            StaffRole::CatalogEditor => self.role_catalog_editor,
            StaffRole::OrderHandler => self.role_order_handler,
            StaffRole::CsAgent => self.role_cs_agent,
            StaffRole::Unknown => self.unknown,
        }
    }

    /// The human name of a permission.
    pub fn permission(&self, permission: Permission) -> &'static str {
        match permission {
            Permission::ProductsRead => self.perm_products_read,
            Permission::ProductsWrite => self.perm_products_write,
            Permission::OrdersRead => self.perm_orders_read,
            Permission::OrdersWrite => self.perm_orders_write,
            Permission::MembersRead => self.perm_members_read,
            Permission::MembersWrite => self.perm_members_write,
            Permission::ContentRead => self.perm_content_read,
            Permission::ContentWrite => self.perm_content_write,
            Permission::PromotionsRead => self.perm_promotions_read,
            Permission::PromotionsWrite => self.perm_promotions_write,
            Permission::StatisticsRead => self.perm_statistics_read,
            Permission::StaffRead => self.perm_staff_read,
            Permission::StaffWrite => self.perm_staff_write,
            Permission::StaffSecurity => self.perm_staff_security,
            Permission::SettingsRead => self.perm_settings_read,
            Permission::SettingsWrite => self.perm_settings_write,
            Permission::JobsRead => self.perm_jobs_read,
            Permission::JobsWrite => self.perm_jobs_write,
            Permission::Unknown => self.unknown,
        }
    }

    /// The human name of a product status.
    pub fn product_status(&self, status: ProductStatus) -> &'static str {
        match status {
            ProductStatus::Draft => self.product_status_draft,
            ProductStatus::Active => self.product_status_active,
            ProductStatus::Archived => self.product_status_archived,
            ProductStatus::Unknown => self.unknown,
        }
    }

    /// The human name of an audit entry's actor kind (`staff`, `api_key`, …).
    pub fn actor_kind(&self, kind: &str) -> Option<&'static str> {
        match kind {
            "staff" => Some(self.actor_staff),
            "api_key" => Some(self.actor_api_key),
            "operator" => Some(self.actor_operator),
            "system" => Some(self.actor_system),
            _ => None,
        }
    }
}

const STORAGE_KEY: &str = "jangteo.admin.lang";

/// The language state of this app.
pub type I18n = shared::web::I18n<Messages>;

fn catalog(lang: Lang) -> &'static Messages {
    match lang {
        Lang::Ko => &ko::MESSAGES,
        Lang::En => &en::MESSAGES,
    }
}

/// Creates the language state (the saved choice, else Korean) for the whole app.
pub fn provide_i18n() {
    I18n::provide(STORAGE_KEY, catalog);
}

pub fn use_i18n() -> I18n {
    I18n::expect()
}
