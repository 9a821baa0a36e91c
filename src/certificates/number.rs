//! 证书编号: how a certificate is numbered.
//!
//! Sixteen characters, assigned once when the certificate is issued and stored; never derived
//! from a rank, so a re-rendered certificate carries the same number and a reissue a new one:
//!
//! | digits | meaning                                              | example |
//! |--------|------------------------------------------------------|---------|
//! | 4      | the competition's year                               | `2026`  |
//! | 4      | the competition's id                                 | `0003`  |
//! | 2      | the event's place in the competition (01, 02, …)     | `01`    |
//! | 1      | what it is for: 1–4 一等奖…优胜奖, 5 an honour, 6 a craftsman title (competition `0000`, place = the title: 01 大工匠 … 04 技术能手, serial within the year) | `1` |
//! | 4      | serial within the event, in order of issue           | `0012`  |
//! | 1      | check character, ISO 7064 MOD 11-2 as on ID cards    | `7`/`X` |
//!
//! A mistyped digit or two swapped neighbours always fail the check, so the verification page
//! can say "编号有误" instead of "not found" for a typo.

use entity::kinds::Award;

/// The code of what a certificate is for.
pub fn award_code(award: Option<Award>) -> u8 {
    match award {
        Some(Award::First) => 1,
        Some(Award::Second) => 2,
        Some(Award::Third) => 3,
        Some(Award::Merit) => 4,
        None => 5,
    }
}

/// The MOD 11-2 check character of a string of digits (as the 18th character of an ID number
/// checks the first 17).
pub fn check_char(digits: &str) -> Option<char> {
    let n = digits.len();
    let mut sum = 0_u32;
    for (i, c) in digits.chars().enumerate() {
        let d = c.to_digit(10)?;
        // Weight 2^(n-i) mod 11: the check character itself has weight 2^0.
        let weight = (0..n - i).fold(1_u32, |w, _| w * 2 % 11);
        sum += d * weight;
    }
    let check = (12 - sum % 11) % 11;
    Some(if check == 10 {
        'X'
    } else {
        char::from_digit(check, 10)?
    })
}

/// A certificate's number from its parts.
pub fn number(year: i32, competition: i32, event_place: u32, code: u8, serial: u32) -> String {
    let digits = format!(
        "{:04}{:04}{:02}{}{:04}",
        year.rem_euclid(10_000),
        competition.rem_euclid(10_000),
        event_place % 100,
        code,
        serial % 10_000
    );
    let check = check_char(&digits).expect("only digits");
    format!("{digits}{check}")
}

/// A number as a person typed it: spaces and dashes dropped, `x` upper-cased.
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether a (normalised) number is well-formed and its check character holds.
pub fn is_valid(number: &str) -> bool {
    number.len() == 16
        && number.is_ascii()
        && check_char(&number[..15]).is_some_and(|c| number.ends_with(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_character_is_the_one_id_cards_use() {
        // The standard's own example: 11010519491231002X.
        assert_eq!(check_char("11010519491231002"), Some('X'));
        assert_eq!(check_char("44052418800101001"), Some('4'));
    }

    #[test]
    fn numbers_check_and_catch_typos() {
        let n = number(2026, 3, 1, 1, 12);
        assert_eq!(&n[..15], "202600030110012");
        assert!(is_valid(&n));
        assert_eq!(
            normalise(&format!(" {}-{} ", &n[..8], &n[8..]).to_lowercase()),
            n
        );
        // Every single-digit change and every swap of different neighbours fails the check.
        for i in 0..15 {
            for d in '0'..='9' {
                let mut typo: Vec<char> = n.chars().collect();
                if typo[i] == d {
                    continue;
                }
                typo[i] = d;
                assert!(!is_valid(&typo.iter().collect::<String>()), "{i} {d}");
            }
            let mut swapped: Vec<char> = n.chars().collect();
            if swapped[i] != swapped[i + 1] {
                swapped.swap(i, i + 1);
                assert!(!is_valid(&swapped.iter().collect::<String>()), "swap {i}");
            }
        }
        assert!(!is_valid("2026"));
        assert!(!is_valid("２０２６０００３０１１００１２X"));
    }
}
