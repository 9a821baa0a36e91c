//! 获奖证书: certificates for the awards and honours of final results, their numbers, the public
//! verification page, the winners' pickup with a 领取码, and batches for printing.
//!
//! - A certificate is **issued** once per person and award (or honour) of an event's final
//!   results; what it prints (name, organisation, wording, issuer, 文号, date) is stored then, so
//!   it renders the same for ever. A reissue (a name corrected) is a new certificate with a new
//!   number; the old one is revoked, and the verification page says so.
//! - The **number** ([`number`]) carries a check character; the QR code on the certificate leads
//!   to `/verify/{number}`.

pub mod bundle;
pub mod layout;
pub mod number;
pub mod sample;
