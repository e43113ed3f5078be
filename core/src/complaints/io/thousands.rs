//! Counts in the messages of import and file checks, written as Indonesians write them.

/// 100000 -> "100.000", as Indonesians write numbers.
pub(crate) fn format_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}
