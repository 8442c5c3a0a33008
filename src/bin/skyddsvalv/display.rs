//! Text for a terminal. Everything the CLI prints for a person to read goes through [`safe`]: control
//! and direction characters are shown as escapes, so nothing stored (a purpose note, a user name) can
//! move the cursor, recolour, hide a line or fake one in a reviewer's terminal.

/// `s` with every control, bidi and other invisible formatting character replaced by `\u{…}`.
pub fn safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let hidden = c.is_control()
            || matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}' | '\u{FEFF}');
        if hidden {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(safe("ok text åäö"), "ok text åäö");
        assert_eq!(safe("a\u{1b}[2Kb"), "a\\u{1b}[2Kb");
        assert_eq!(safe("rad\nny"), "rad\\u{a}ny");
        assert_eq!(safe("x\u{202e}y"), "x\\u{202e}y");
        assert!(!safe("\r\u{7}").chars().any(char::is_control));
    }
}
