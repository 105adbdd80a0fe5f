//! The shopper's account: sign-up, sign-in, the account page, password reset and email
//! verification.

pub mod form;
pub mod login;
pub mod overview;
pub mod register;
pub mod reset_password;
pub mod verify_email;
