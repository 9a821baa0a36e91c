//! 获奖证书: certificates for the awards and honours of final results, their numbers, the public
//! verification page, the winners' pickup with a 领取码, and batches for printing.
//!
//! - A certificate is **issued** once per person and award (or honour) of an event's final
//!   results; what it prints (name, organisation, wording, issuer, 文号, date) is stored then, so
//!   it renders the same for ever. A reissue (a name corrected) is a new certificate with a new
//!   number; the old one is revoked, and the verification page says so.
//! - The **number** ([`number`]) carries a check character; the QR code on the certificate leads
//!   to `/verify/{number}`.

pub mod access;
pub mod batch;
pub mod bundle;
pub mod issue;
pub mod layout;
pub mod number;
pub mod pickup;
pub mod sample;
pub mod slips;
pub mod templates;
pub mod verify;

use crate::typeset::{Fonts, TypesetError};
use layout::{Position, Printed};
use std::sync::Arc;

/// A certificate as PDF: the plain certificate, or with `overlay` positions only its variable
/// text for pre-printed paper.
pub fn render(
    fonts: &Fonts,
    printed: &Printed,
    seal: Option<Arc<Vec<u8>>>,
    overlay: Option<&[Position]>,
) -> Result<Vec<u8>, TypesetError> {
    let doc = match overlay {
        Some(positions) => layout::overlay(printed, positions),
        None => layout::certificate(printed, seal),
    };
    crate::typeset::render(fonts, &doc)
}
pub mod files;
