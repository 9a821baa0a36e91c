//! 居民身份证号码 (GB 11643-1999): 18 characters, the last a check character computed from the
//! first 17. The birth date (characters 7–14) and the sex (character 17: odd for men, even for
//! women) are part of the number, so what an organiser types is checked against them.
//!
//! The number is personal data: it is stored once (in the `person` table), shown masked to
//! organisers ([`mask`]), and never shown publicly or written to a log.

use chrono::NaiveDate;

/// Why a number is not a valid ID-card number; the message is for the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdCardError {
    #[error("身份证号应为 18 位（当前 {0} 位）")]
    Length(usize),
    #[error("身份证号前 17 位须为数字，末位为数字或 X")]
    Characters,
    #[error("身份证号的地区码无效")]
    Region,
    #[error("身份证号中的出生日期 {0} 无效")]
    BirthDate(String),
    #[error("身份证号校验位不符，号码中可能有录入错误，请逐位核对")]
    CheckDigit { expected: char, actual: char },
}

pub use entity::kinds::Sex;

/// A checked ID-card number with what it says about its holder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdCard {
    /// Upper-case, 18 characters.
    pub number: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for the first 17 digits.
pub fn check_character(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    (first17.chars().count() == 17).then(|| CHECK[(sum % 11) as usize])
}

/// Checks a number as typed (spaces around it and a lower-case x are forgiven).
pub fn parse(text: &str) -> Result<IdCard, IdCardError> {
    let number = text.trim().to_uppercase();
    let len = number.chars().count();
    if len != 18 {
        return Err(IdCardError::Length(len));
    }
    let (first17, last) = number.split_at(17);
    let last = last.chars().next().unwrap_or(' ');
    if !first17.chars().all(|c| c.is_ascii_digit()) || !(last.is_ascii_digit() || last == 'X') {
        return Err(IdCardError::Characters);
    }
    let province: u32 = first17[..2].parse().unwrap_or(0);
    if !(11..=82).contains(&province) {
        return Err(IdCardError::Region);
    }
    let birth = &first17[6..14];
    let birth_date = NaiveDate::parse_from_str(birth, "%Y%m%d")
        .ok()
        .filter(|d| d.format("%Y").to_string().as_str() >= "1900")
        // Nobody is born after today.
        .filter(|d| *d <= crate::time::today())
        .ok_or_else(|| IdCardError::BirthDate(birth.to_owned()))?;
    let expected = check_character(first17).ok_or(IdCardError::Characters)?;
    if expected != last {
        return Err(IdCardError::CheckDigit {
            expected,
            actual: last,
        });
    }
    let sex = if first17[16..17].parse::<u32>().unwrap_or(0) % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Ok(IdCard {
        number,
        birth_date,
        sex,
    })
}

/// `330702********1234`: what organisers see.
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid number for tests: region 330702 (婺城区), the given birth date and sequence (its
    /// last digit odd for a man, even for a woman).
    pub fn make(birth: &str, sequence: &str) -> String {
        let first17 = format!("330702{birth}{sequence}");
        format!("{first17}{}", check_character(&first17).unwrap())
    }

    #[test]
    fn nobody_is_born_after_today() {
        let tomorrow = (crate::time::today() + chrono::Duration::days(1))
            .format("%Y%m%d")
            .to_string();
        assert!(matches!(
            parse(&make(&tomorrow, "001")),
            Err(IdCardError::BirthDate(_))
        ));
        let today = crate::time::today().format("%Y%m%d").to_string();
        assert!(parse(&make(&today, "001")).is_ok());
    }

    #[test]
    fn accepts_valid_numbers_and_reads_them() {
        let n = make("19900307", "122");
        let card = parse(&n).unwrap();
        assert_eq!(
            card.birth_date,
            NaiveDate::from_ymd_opt(1990, 3, 7).unwrap()
        );
        assert_eq!(card.sex, Sex::Female, "2 is even");
        assert_eq!(parse(&make("20010101", "011")).unwrap().sex, Sex::Male);
        // The well-known sample from the standard.
        assert!(parse("11010519491231002X").is_ok());
        assert!(parse(" 11010519491231002x ").is_ok());
    }

    #[test]
    fn refuses_what_is_wrong_and_says_why() {
        let n = make("19900307", "123");
        let mut wrong = n[..17].to_owned();
        let bad = if n.ends_with('0') { '1' } else { '0' };
        wrong.push(bad);
        assert!(matches!(parse(&wrong), Err(IdCardError::CheckDigit { .. })));
        assert_eq!(parse("12345"), Err(IdCardError::Length(5)));
        assert_eq!(parse("33070219900307123A"), Err(IdCardError::Characters));
        assert!(matches!(
            parse(&make("19900230", "123")),
            Err(IdCardError::BirthDate(_))
        ));
        assert_eq!(parse("990702199003071234"), Err(IdCardError::Region));
        let message = parse(&wrong).unwrap_err().to_string();
        assert!(message.contains("校验位"));
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(mask("330702199003071234"), "330702********1234");
    }
}
