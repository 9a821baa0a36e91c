//! Database entities of jiangxin, one module a table, in sea-orm's compact format.
//!
//! Hand-written code lives only in [`stored_decimal`] (the exact number type every mark and
//! every yuan is stored as) and in [`kinds`] (the string-valued enums the tables share).

pub mod api_token;
pub mod competition;
pub mod event;
pub mod kinds;
pub mod organisation;
pub mod session;
pub mod stored_decimal;
pub mod user;

pub use stored_decimal::StoredDecimal;
