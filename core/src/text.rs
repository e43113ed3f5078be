//! Small shared rules for text the admin types.

use crate::error::{Error, Result};

/// Trims a one-line field and folds any line breaks or tabs pasted into it into spaces.
pub fn clean_line(input: &str) -> String {
    input
        .split(|c: char| c.is_control())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Refuses text longer than `max` characters (Unicode scalar values, so emoji count as one).
pub fn check_length(field: &'static str, label: &str, value: &str, max: usize) -> Result<()> {
    let count = value.chars().count();
    if count > max {
        return Err(Error::invalid(
            field,
            format!("{label} terlalu panjang: {count} karakter, paling banyak {max}."),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_line_folds_pasted_breaks_and_spaces() {
        assert_eq!(clean_line("  Dinas\n\tKesehatan  "), "Dinas Kesehatan");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(check_length("t", "Judul", "🎉🎉🎉", 3).is_ok());
        assert!(check_length("t", "Judul", "🎉🎉🎉🎉", 3).is_err());
    }
}
