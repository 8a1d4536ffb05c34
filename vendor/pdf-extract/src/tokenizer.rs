//! A hand-written content-stream tokenizer that replaces
//! `lopdf::content::Content::decode` (added by undex, see `vendor/README.md`).
//!
//! lopdf's decoder is a tree of nom combinators; on the UN PDFs it was 56 %
//! of all extraction CPU, much of it in backtracking and in the `Vec`s its
//! combinators build for every token. This module accepts exactly the
//! grammar of lopdf 0.38's `parser::content` — the same quirks included, so
//! that the operations, and therefore the extracted text, stay the same:
//!
//! - between operands only `" \t\r\n"` counts as space; `\0`, form feed or a
//!   comment there ends the stream (inside arrays and dictionaries comments
//!   and `\0`/form feed are space, as in lopdf's `space`);
//! - comments are only read where an operation starts, and must end with a
//!   line break;
//! - the first operation that does not parse ends the stream silently: the
//!   operations before it are returned (lopdf's `many0` then ignores what is
//!   left);
//! - an inline image (`BI … ID data EI`, read where an operation starts) that
//!   cannot be read is a failure of the whole stream (`None`), as lopdf's
//!   `cut` makes it; its data length comes from `/W`, `/H`, `/BPC` and the
//!   colour space, and filtered images are refused, as in lopdf;
//! - `null`, `true` and `false` are read as prefixes; references (`1 0 R`)
//!   only inside arrays and dictionaries; a string nests at most 100
//!   brackets deep.
//!
//! One difference, for hostile input only: arrays and dictionaries nested
//! deeper than [`MAX_NESTING`] end the stream instead of overflowing the
//! stack as lopdf's recursion does.

use lopdf::{Dictionary, Object, StringFormat};

/// lopdf's `reader::MAX_BRACKET`: nested brackets allowed inside a string.
const MAX_BRACKET: usize = 100;

/// Arrays and dictionaries nested deeper than this end the stream.
const MAX_NESTING: usize = 256;

/// One operation, as `lopdf::content::Operation` but with the operator
/// borrowed from the stream (one allocation less per operation).
#[derive(Debug)]
pub struct Operation<'a> {
    pub operator: &'a str,
    pub operands: Vec<Object>,
}

/// How a parse failed: `Soft` ends the stream with what was read before,
/// `Hard` fails the whole stream.
enum Fail {
    Soft,
    Hard,
}

/// The operations of a content stream, or `None` where lopdf's
/// `Content::decode` fails.
pub fn decode(data: &[u8]) -> Option<Vec<Operation<'_>>> {
    let mut p = Parser { d: data, i: 0 };
    p.content_space();
    let mut ops = Vec::new();
    loop {
        match p.operation() {
            Ok(op) => ops.push(op),
            Err(Fail::Soft) => break,
            Err(Fail::Hard) => return None,
        }
    }
    Some(ops)
}

fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0c)
}

fn is_delimiter(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(c: u8) -> bool {
    !is_whitespace(c) && !is_delimiter(c)
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

struct Parser<'a> {
    d: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.d.get(self.i).copied()
    }

    fn starts_with(&self, s: &[u8]) -> bool {
        self.d[self.i..].starts_with(s)
    }

    /// lopdf's `content_space`.
    fn content_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.i += 1;
        }
    }

    /// `\r\n`, `\n` or `\r`.
    fn eol(&mut self) -> bool {
        if self.starts_with(b"\r\n") {
            self.i += 2;
            true
        } else if let Some(b'\n' | b'\r') = self.peek() {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// `%` up to and including the line break; position kept on failure.
    fn comment(&mut self) -> bool {
        let start = self.i;
        if self.peek() != Some(b'%') {
            return false;
        }
        self.i += 1;
        while let Some(c) = self.peek() {
            if c == b'\r' || c == b'\n' {
                break;
            }
            self.i += 1;
        }
        if self.eol() {
            true
        } else {
            self.i = start;
            false
        }
    }

    /// lopdf's `space`: white space (with `\0` and form feed) and comments.
    fn space(&mut self) {
        loop {
            match self.peek() {
                Some(c) if is_whitespace(c) => self.i += 1,
                Some(b'%') => {
                    if !self.comment() {
                        return;
                    }
                }
                _ => return,
            }
        }
    }

    fn operation(&mut self) -> Result<Operation<'a>, Fail> {
        while self.peek() == Some(b'%') && self.comment() {}
        if self.starts_with(b"BI") {
            self.i += 2;
            self.content_space();
            return self.inline_image().ok_or(Fail::Hard);
        }
        let mut operands = Vec::new();
        loop {
            let start = self.i;
            match self.object(false, 0) {
                Some(o) => {
                    operands.push(o);
                    self.content_space();
                }
                None => {
                    self.i = start;
                    break;
                }
            }
        }
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"') {
                self.i += 1;
            } else {
                break;
            }
        }
        if self.i == start {
            return Err(Fail::Soft);
        }
        // ASCII letters and `*'"` only, so this cannot fail.
        let operator = std::str::from_utf8(&self.d[start..self.i]).unwrap_or_default();
        self.content_space();
        Ok(Operation {
            operator,
            operands,
        })
    }

    /// One object (lopdf's `_direct_objects`, or its content-stream
    /// `operand` when `references` is false). On `None` the position is
    /// undefined: callers restore it.
    fn object(&mut self, references: bool, depth: usize) -> Option<Object> {
        let c = self.peek()?;
        if self.starts_with(b"null") {
            self.i += 4;
            return Some(Object::Null);
        }
        if self.starts_with(b"true") {
            self.i += 4;
            return Some(Object::Boolean(true));
        }
        if self.starts_with(b"false") {
            self.i += 5;
            return Some(Object::Boolean(false));
        }
        match c {
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let start = self.i;
                if references && c.is_ascii_digit() {
                    if let Some(r) = self.reference() {
                        return Some(r);
                    }
                    self.i = start;
                }
                self.number()
            }
            b'/' => self.name().map(Object::Name),
            b'(' => {
                self.i += 1;
                let s = self.literal_body(MAX_BRACKET)?;
                Some(Object::String(s, StringFormat::Literal))
            }
            b'<' if self.starts_with(b"<<") => {
                if depth >= MAX_NESTING {
                    return None;
                }
                self.i += 2;
                self.space();
                let dict = self.dictionary_body(depth + 1);
                if self.starts_with(b">>") {
                    self.i += 2;
                    Some(Object::Dictionary(dict))
                } else {
                    None
                }
            }
            b'<' => self.hex_string(),
            b'[' => {
                if depth >= MAX_NESTING {
                    return None;
                }
                self.i += 1;
                self.space();
                let mut items = Vec::new();
                loop {
                    let start = self.i;
                    match self.object(true, depth + 1) {
                        Some(o) => {
                            items.push(o);
                            self.space();
                        }
                        None => {
                            self.i = start;
                            break;
                        }
                    }
                }
                if self.peek() == Some(b']') {
                    self.i += 1;
                    Some(Object::Array(items))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn digits(&mut self) -> &'a [u8] {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        &self.d[start..self.i]
    }

    /// `12 0 R` (lopdf's `reference`: unsigned numbers, `space` between).
    fn reference(&mut self) -> Option<Object> {
        let id: u32 = std::str::from_utf8(self.digits()).ok()?.parse().ok()?;
        self.space();
        let generation: u16 = std::str::from_utf8(self.digits()).ok()?.parse().ok()?;
        self.space();
        if self.peek() == Some(b'R') {
            self.i += 1;
            Some(Object::Reference((id, generation)))
        } else {
            None
        }
    }

    /// A real (`[+-]?(d+.d*|.d+)`, tried first, as lopdf does) or an
    /// integer (`[+-]?d+`, `None` when it overflows an i64).
    fn number(&mut self) -> Option<Object> {
        let start = self.i;
        if let Some(b'+' | b'-') = self.peek() {
            self.i += 1;
        }
        let int_digits = self.digits().len();
        if self.peek() == Some(b'.') {
            self.i += 1;
            let frac_digits = self.digits().len();
            if int_digits > 0 || frac_digits > 0 {
                let s = std::str::from_utf8(&self.d[start..self.i]).ok()?;
                return s.parse::<f32>().ok().map(Object::Real);
            }
            return None;
        }
        if int_digits == 0 {
            return None;
        }
        let s = std::str::from_utf8(&self.d[start..self.i]).ok()?;
        s.parse::<i64>().ok().map(Object::Integer)
    }

    /// `/Name` with `#hh` escapes; a `#` not followed by two hex digits ends
    /// the name (lopdf's `name`).
    fn name(&mut self) -> Option<Vec<u8>> {
        self.i += 1;
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if c == b'#' {
                match (
                    self.d.get(self.i + 1).and_then(|&h| hex_value(h)),
                    self.d.get(self.i + 2).and_then(|&l| hex_value(l)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push(h << 4 | l);
                        self.i += 3;
                    }
                    _ => break,
                }
            } else if is_regular(c) {
                out.push(c);
                self.i += 1;
            } else {
                break;
            }
        }
        Some(out)
    }

    /// The rest of a literal string after its `(`, through its `)`;
    /// `depth` nested brackets are still allowed.
    fn literal_body(&mut self, depth: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        loop {
            let c = self.peek()?;
            match c {
                b')' => {
                    self.i += 1;
                    return Some(out);
                }
                b'(' => {
                    if depth == 0 {
                        return None;
                    }
                    self.i += 1;
                    let inner = self.literal_body(depth - 1)?;
                    out.push(b'(');
                    out.extend_from_slice(&inner);
                    out.push(b')');
                }
                b'\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    match e {
                        b'0'..=b'7' => {
                            let start = self.i;
                            while self.i - start < 3 && matches!(self.peek(), Some(b'0'..=b'7')) {
                                self.i += 1;
                            }
                            let mut v: u16 = 0;
                            for &d in &self.d[start..self.i] {
                                v = v * 8 + u16::from(d - b'0');
                            }
                            // The spec says to ignore overflow.
                            out.push(v as u8);
                        }
                        b'\r' | b'\n' => {
                            self.eol();
                        }
                        b'n' => {
                            out.push(b'\n');
                            self.i += 1;
                        }
                        b'r' => {
                            out.push(b'\r');
                            self.i += 1;
                        }
                        b't' => {
                            out.push(b'\t');
                            self.i += 1;
                        }
                        b'b' => {
                            out.push(0x08);
                            self.i += 1;
                        }
                        b'f' => {
                            out.push(0x0c);
                            self.i += 1;
                        }
                        _ => {
                            out.push(e);
                            self.i += 1;
                        }
                    }
                }
                _ => {
                    // A run of plain bytes, line breaks kept as written.
                    let start = self.i;
                    while let Some(c) = self.peek() {
                        if matches!(c, b'(' | b')' | b'\\') {
                            break;
                        }
                        self.i += 1;
                    }
                    out.extend_from_slice(&self.d[start..self.i]);
                }
            }
        }
    }

    /// `<hex digits, white space between>`; an odd last digit is the high
    /// nibble (lopdf's `hexadecimal_string`).
    fn hex_string(&mut self) -> Option<Object> {
        self.i += 1;
        let mut out = Vec::new();
        let mut high = true;
        loop {
            let start = self.i;
            while let Some(c) = self.peek() {
                if !is_whitespace(c) {
                    break;
                }
                self.i += 1;
            }
            match self.peek().and_then(hex_value) {
                Some(v) => {
                    self.i += 1;
                    if high {
                        out.push(v << 4);
                    } else if let Some(last) = out.last_mut() {
                        *last |= v;
                    }
                    high = !high;
                }
                None => {
                    self.i = start;
                    break;
                }
            }
        }
        while let Some(c) = self.peek() {
            if !is_whitespace(c) {
                break;
            }
            self.i += 1;
        }
        if self.peek() == Some(b'>') {
            self.i += 1;
            Some(Object::String(out, StringFormat::Hexadecimal))
        } else {
            None
        }
    }

    /// `/Key value` pairs up to the first that does not parse (lopdf's
    /// `inner_dictionary`); the position is left before it.
    fn dictionary_body(&mut self, depth: usize) -> Dictionary {
        let mut dict = Dictionary::new();
        loop {
            let start = self.i;
            if self.peek() != Some(b'/') {
                break;
            }
            let Some(key) = self.name() else { break };
            self.space();
            match self.object(true, depth) {
                Some(value) => {
                    self.space();
                    dict.set(key, value);
                }
                None => {
                    self.i = start;
                    break;
                }
            }
        }
        dict
    }

    /// The rest of `BI dict ID data EI` after `BI` and its space: `None` is
    /// a failure of the whole stream. The image itself is not kept: text
    /// extraction ignores the `BI` operation.
    fn inline_image(&mut self) -> Option<Operation<'a>> {
        let dict = self.dictionary_body(0);
        if !self.starts_with(b"ID") {
            return None;
        }
        self.i += 2;
        self.content_space();
        let get = |abbr: &[u8], key: &[u8]| dict.get(abbr).or_else(|_| dict.get(key)).ok();
        let int = |abbr: &[u8], key: &[u8]| get(abbr, key).and_then(|o| o.as_i64().ok());
        let width = int(b"W", b"Width")? as usize;
        let height = int(b"H", b"Height")? as usize;
        let bpc = int(b"BPC", b"BitsPerComponent")? as usize;
        let mask = get(b"IM", b"ImageMask").and_then(|o| o.as_bool().ok());
        let colors: usize = if mask == Some(true) {
            1
        } else {
            match get(b"CS", b"ColorSpace")?.as_name().ok()? {
                b"DeviceGray" | b"Gray" => 1,
                b"DeviceRGB" | b"RGB" => 3,
                b"DeviceRGBA" | b"RGBA" | b"DeviceCMYK" | b"CMYK" => 4,
                _ => return None,
            }
        };
        if get(b"F", b"Filter").is_some() {
            return None;
        }
        let stride = width.checked_mul(colors.checked_mul(bpc)?)?.div_ceil(8);
        let length = height.checked_mul(stride)?;
        if self.d.len() - self.i < length {
            return None;
        }
        self.i += length;
        self.content_space();
        if !self.starts_with(b"EI") {
            return None;
        }
        self.i += 2;
        self.content_space();
        Some(Operation {
            operator: "BI",
            operands: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::decode;
    use lopdf::content::Content;

    /// The tokenizer must give lopdf's operations for every input lopdf
    /// reads, and fail where lopdf fails.
    fn same_as_lopdf(data: &[u8]) {
        let ours = decode(data);
        // The image data is not kept (see `inline_image`).
        let theirs = Content::decode(data).ok().map(|c| {
            let mut ops = c.operations;
            for op in ops.iter_mut().filter(|op| op.operator == "BI") {
                op.operands.clear();
            }
            ops
        });
        match (&ours, &theirs) {
            (Some(a), Some(b)) => {
                let a: Vec<_> = a.iter().map(|o| (o.operator, format!("{:?}", o.operands))).collect();
                let b: Vec<_> = b.iter().map(|o| (o.operator.as_str(), format!("{:?}", o.operands))).collect();
                assert_eq!(a, b, "{}", String::from_utf8_lossy(data));
            }
            (None, None) => {}
            _ => panic!(
                "ours {:?} lopdf {:?} on {}",
                ours.is_some(),
                theirs.is_some(),
                String::from_utf8_lossy(data)
            ),
        }
    }

    #[test]
    fn matches_lopdf_on_text_operators() {
        for s in [
            &b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"[..],
            b"  BT\n/F1 9.5 Tf\r\n1 0 0 1 .5 -3. Tm [(A) -120 (B) 3.5 <0041 42 4>] TJ T* (x) ' 1 2 (y) \" ET",
            b"q 1 0 0 1 0 0 cm /Im1 Do Q",
            b"BT (nested (parens) and \\(escapes\\) \\101\\60 \\\nline) Tj ET",
            b"BT (crlf\r\nkept) Tj (oct \\0053) Tj ET",
            b"% a comment\nBT (a) Tj ET % trailing\n% another\nBT (b) Tj ET",
            b"% comment\n  BT (indented after a comment) Tj ET",
            b"BT (a) Tj\x00ET",
            b"/P <</MCID 0 /A [1 0 R 2] /B <</C true>>>> BDC (t) Tj EMC",
            b"nullx truey false 12abc -.5 +3 Foo",
            b"/N#41#4 /E# /Empty/ Tj",
            b"1 2 3 99999999999999999999 Tj",
            b"BT <48 65\n6c6C 6f> Tj <> Tj <4> Tj <zz> Tj ET",
            b"BT [ (a) %c\n 5 ] TJ ET",
            b"BT [ (a) %c] TJ ET",
            b"BT (unterminated Tj ET",
            b"BT (a) Tj ET\n%no newline at end",
            b"- 5 Tj",
            b"0 0 d0 1 0 0 1 0 0 d1",
        ] {
            same_as_lopdf(s);
        }
    }

    #[test]
    fn matches_lopdf_on_inline_images() {
        for s in [
            &b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \xff\x00 EI Q BT (after) Tj ET"[..],
            b"q BI /W 2 /H 1 /BPC 8 /CS /DeviceGray ID \xff\x00 EI Q BT (after) Tj ET",
            b"q BI /W 1 /H 1 /BPC 8 /CS /RGB ID abc EI Q",
            b"q BI /W 8 /H 1 /BPC 1 /IM true ID \x01 EI Q",
            b"q BI /W 8 /H 1 /BPC 1 /IM true /F /AHx ID 01> EI Q",
            b"q BI /W 2 /H 1 /BPC 8 /CS /DeviceGray ID \xff EI Q",
            b"q BI /W 2 /H 1 /BPC 8 /CS /DeviceGray ID \xff\x00 XX Q",
            b"BT (BI not an image) Tj ET",
        ] {
            same_as_lopdf(s);
        }
    }

    #[test]
    fn deep_nesting_ends_the_stream_without_overflow() {
        let mut s = b"BT ".to_vec();
        s.extend(std::iter::repeat(b'[').take(100_000));
        s.extend_from_slice(b" TJ ET");
        // `BT` is kept; the array that does not close ends the stream.
        assert_eq!(decode(&s).map(|ops| ops.len()), Some(1));
    }
}

