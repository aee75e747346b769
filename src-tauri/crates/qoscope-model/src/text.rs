//! Untrusted text made safe to show: the one sanitizer for every Zoom string that reaches a
//! terminal, a ticket sentence or a log line.
//!
//! Zoom strings (names, topics, device names) and damaged snapshot files can hold terminal
//! escape sequences (`ESC ] 0 ; … BEL` retitles a terminal, OSC 52 sets the clipboard, a bare
//! `\r` forges a line) and bidi controls that reorder what a reader sees ("Eve\u{202e}gnp.exe").
//! Every such character is replaced by [`REPLACEMENT`], so the reader sees that something was
//! there. Keeping one definition means the CLI, the findings' sentences and the reports agree.

use std::borrow::Cow;

/// What a hidden character is shown as: U+FFFD, the replacement character.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` must not reach a reader as is: a control character (C0, DEL, C1) or a bidi
/// control (LRM, RLM, ALM, the embeddings and overrides U+202A–U+202E, the isolates
/// U+2066–U+2069).
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The bidi formatting characters that can reorder or hide text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [hidden](is_hidden) character replaced by [`REPLACEMENT`]: one line,
/// safe for a terminal. Borrows when there is nothing to replace.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    sanitize_except(text, |_| false)
}

/// As [`sanitize`], but line breaks (`\n`) stay: for multi-line text QoScope built itself
/// around untrusted pieces (the summary), where the lines are QoScope's own.
pub fn sanitize_lines(text: &str) -> Cow<'_, str> {
    sanitize_except(text, |c| c == '\n')
}

fn sanitize_except(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_hidden(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_hidden(c) && !keep(c) { REPLACEMENT } else { c }).collect())
}

/// JSON text with every hidden character that JSON writers leave raw (DEL, C1, bidi controls)
/// written as a `\uXXXX` escape. The document means exactly the same (JSON escapes are part of
/// the string's value), but `cat`-ing it to a terminal cannot run an escape sequence.
///
/// `json` must be a JSON document as serde_json writes it: outside strings it is ASCII, so
/// every non-ASCII or control character is inside a string, where an escape is valid.
pub fn escape_hidden_in_json(json: &str) -> Cow<'_, str> {
    // serde_json escapes C0 itself; '\n' between tokens is layout, not content.
    let needs = |c: char| (is_hidden(c) && !c.is_ascii_control()) || c == '\u{7f}';
    if !json.chars().any(needs) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_replaced() {
        // OSC 0 (retitle), OSC 52 (clipboard), CSI, a forged line, C1 CSI, DEL.
        let hostile = "Ana\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\r\nroot\u{9b}31m\u{7f}";
        let safe = sanitize(hostile);
        assert!(!safe.chars().any(|c| c.is_control()), "{safe:?}");
        assert_eq!(
            safe,
            "Ana\u{FFFD}]0;pwned\u{FFFD}\u{FFFD}]52;c;aGk=\u{FFFD}\u{FFFD}[2J\u{FFFD}\u{FFFD}root\u{FFFD}31m\u{FFFD}"
        );
        for bidi in ['\u{200E}', '\u{200F}', '\u{061C}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}'] {
            assert_eq!(sanitize(&format!("a{bidi}b")), "a\u{FFFD}b", "{:04x}", bidi as u32);
        }
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for text in ["Zoë 王", "Doe, \"JD\"", "=HYPERLINK(\"x\")", "שלום עולם", "👩‍💻 Dev", ""] {
            assert!(matches!(sanitize(text), Cow::Borrowed(t) if t == text), "{text}");
        }
    }

    #[test]
    fn sanitize_lines_keeps_only_line_feeds() {
        assert_eq!(sanitize_lines("one\ntwo\r\n\u{1b}[1m"), "one\ntwo\u{FFFD}\n\u{FFFD}[1m");
    }

    #[test]
    fn json_escapes_mean_the_same_value() {
        let value = serde_json::json!({"name": "Eve\u{202e}gnp.exe\u{9b}\u{7f}\u{1b}", "n": -61});
        let raw = serde_json::to_string_pretty(&value).unwrap();
        let safe = escape_hidden_in_json(&raw);
        assert!(!safe.chars().any(|c| is_hidden(c) && c != '\n'), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), value);
        assert!(matches!(escape_hidden_in_json("{\n  \"a\": \"Zoë\"\n}"), Cow::Borrowed(_)));
    }
}
