//! A content brief (arahan konten): what Diskominfo asks every PD to post, from one day to
//! another (WIB, inclusive).

use crate::clock::{format_day, parse_day};
use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBrief {
    pub title: String,
    pub body: String,
    pub programme: String,
    pub from_day: String,
    pub to_day: String,
}

impl NewBrief {
    /// Title 3 to 200 characters, body 1 to 5,000, programme at most 100, days `YYYY-MM-DD`
    /// with the first not after the last.
    pub fn parse(
        title: &str,
        body: &str,
        programme: &str,
        from_day: &str,
        to_day: &str,
    ) -> Result<Self, Error> {
        let invalid = |code, message| Error::Invalid { code, message };
        let title = title.trim();
        if !(3..=200).contains(&title.chars().count()) || title.chars().any(char::is_control) {
            return Err(invalid(
                "brief.invalid_title",
                "Judul arahan harus 3 sampai 200 karakter, tanpa baris baru.",
            ));
        }
        let body = body.trim();
        if !(1..=5000).contains(&body.chars().count()) {
            return Err(invalid(
                "brief.invalid_body",
                "Isi arahan harus 1 sampai 5.000 karakter.",
            ));
        }
        let programme = programme.trim();
        if programme.chars().count() > 100 || programme.chars().any(char::is_control) {
            return Err(invalid(
                "brief.invalid_programme",
                "Program paling banyak 100 karakter, tanpa baris baru.",
            ));
        }
        let (Some(from), Some(to)) = (parse_day(from_day.trim()), parse_day(to_day.trim())) else {
            return Err(invalid(
                "brief.invalid_day",
                "Tanggal mulai dan selesai harus berbentuk YYYY-MM-DD.",
            ));
        };
        if from > to {
            return Err(invalid(
                "brief.invalid_day",
                "Tanggal mulai tidak boleh setelah tanggal selesai.",
            ));
        }
        Ok(NewBrief {
            title: title.to_owned(),
            body: body.to_owned(),
            programme: programme.to_owned(),
            from_day: format_day(from),
            to_day: format_day(to),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brief_days_must_be_in_order() {
        assert!(NewBrief::parse(
            "Hari Jadi",
            "Unggah ucapan.",
            "",
            "2026-07-10",
            "2026-07-12"
        )
        .is_ok());
        assert!(NewBrief::parse(
            "Hari Jadi",
            "Unggah ucapan.",
            "",
            "2026-07-12",
            "2026-07-10"
        )
        .is_err());
        assert!(NewBrief::parse("HJ", "Unggah ucapan.", "", "2026-07-10", "2026-07-12").is_err());
    }
}
