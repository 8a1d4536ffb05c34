//! The parser: tokens → the query tree ([`Node`]), by the grammar in the
//! parent module's documentation, with the bracket depth capped.

use super::*;

pub(super) struct Parser {
    pub(super) tokens: Vec<Tok>,
    pub(super) pos: usize,
    /// Brackets open at this point.
    pub(super) depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    pub(super) fn query(&mut self) -> Result<Node, QueryError> {
        let mut parts = Vec::new();
        while let Some(tok) = self.peek() {
            if matches!(tok, Tok::Close(_)) {
                break;
            }
            parts.push(self.or()?);
        }
        Ok(match parts.len() {
            0 => Node::All,
            // A concept alone stays a group, which gives its words the
            // proximity bonus they had before the thesaurus read them.
            1 if matches!(parts[0], Node::Concept { .. }) => Node::And(parts),
            1 => parts.remove(0),
            _ => Node::And(parts),
        })
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        if let Some(Tok::Or(p)) = self.peek() {
            return Err(QueryError::LoneOperator {
                op: "OR",
                pos: *p,
                side: "before",
            });
        }
        let mut alts = vec![self.unary()?];
        while let Some(Tok::Or(p)) = self.peek() {
            let p = *p;
            self.pos += 1;
            match self.peek() {
                None | Some(Tok::Close(_) | Tok::Or(_)) => {
                    return Err(QueryError::LoneOperator {
                        op: "OR",
                        pos: p,
                        side: "after",
                    })
                }
                _ => alts.push(self.unary()?),
            }
        }
        Ok(if alts.len() == 1 {
            alts.remove(0)
        } else {
            Node::Or(alts)
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        if let Some(Tok::Not(p, op)) = self.peek() {
            let (p, op) = (*p, *op);
            self.pos += 1;
            return match self.peek() {
                None | Some(Tok::Or(_) | Tok::Close(_) | Tok::Not(..)) => {
                    Err(QueryError::LoneOperator {
                        op,
                        pos: p,
                        side: "after",
                    })
                }
                _ => Ok(Node::Not(Box::new(self.atom()?))),
            };
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Node, QueryError> {
        let tok = self.tokens[self.pos].clone();
        self.pos += 1;
        Ok(match tok {
            Tok::Open(p) => {
                if self.depth >= MAX_NESTING {
                    return Err(QueryError::TooDeep(p));
                }
                self.depth += 1;
                let inner = self.query()?;
                self.depth -= 1;
                match self.peek() {
                    Some(Tok::Close(_)) => self.pos += 1,
                    _ => return Err(QueryError::UnclosedParen(p)),
                }
                inner
            }
            Tok::Close(p) => return Err(QueryError::UnopenedParen(p)),
            Tok::Word(w, _) => Node::Word {
                field: None,
                text: w,
            },
            Tok::Phrase(t, _) => Node::Phrase {
                field: None,
                text: t,
            },
            Tok::Sym(s) => Node::Symbol(s, SymbolScope::Any),
            Tok::Star => Node::Star,
            Tok::Prefix(text, _) => Node::Prefix { field: None, text },
            Tok::Lifted(node) => node,
            Tok::Field(name, value, quoted, _) => field_node(&name, &value, quoted)?,
            Tok::Or(p) => {
                return Err(QueryError::LoneOperator {
                    op: "OR",
                    pos: p,
                    side: "before",
                })
            }
            Tok::Not(p, op) => {
                return Err(QueryError::LoneOperator {
                    op,
                    pos: p,
                    side: "after",
                })
            }
        })
    }
}

fn field_node(name: &str, value: &str, quoted: bool) -> Result<Node, QueryError> {
    let text_field = |f| {
        let prefix = value.strip_suffix('*').filter(|p| !p.is_empty() && !quoted);
        if let Some(p) = prefix {
            Node::Prefix {
                field: Some(f),
                text: p.to_string(),
            }
        } else if quoted {
            Node::Phrase {
                field: Some(f),
                text: value.to_string(),
            }
        } else {
            Node::Word {
                field: Some(f),
                text: value.to_string(),
            }
        }
    };
    Ok(match name {
        "title" => text_field(TextField::Title),
        "body" => text_field(TextField::Body),
        "symbol" | "cites" => {
            let scope = if name == "symbol" {
                SymbolScope::Own
            } else {
                SymbolScope::Cited
            };
            let sym = Symbol::parse(value)
                .map_err(|e| QueryError::BadSymbol(value.to_string(), e.to_string()))?;
            Node::Symbol(sym, scope)
        }
        "type" => {
            let t = DocType::from_name(value)
                .ok_or_else(|| QueryError::UnknownType(value.to_string()))?;
            Node::Keyword(KeywordField::Type, t.as_str().to_string())
        }
        "lang" => {
            // The same check as --lang: an unknown code is an error, not "und".
            let code = crate::document::normalise_lang(value);
            if code == crate::document::UNKNOWN_LANG
                && !value.eq_ignore_ascii_case(crate::document::UNKNOWN_LANG)
            {
                return Err(QueryError::UnknownLang(value.to_string()));
            }
            Node::Keyword(KeywordField::Lang, code)
        }
        "topic" => {
            let path = Taxonomy::builtin()
                .resolve(value)
                .ok_or_else(|| QueryError::UnknownTopic(value.to_string()))?;
            Node::Keyword(KeywordField::Topic, path)
        }
        "subject" => Node::Keyword(
            KeywordField::Subject,
            crate::votes::catalogue::subject_key(value),
        ),
        "sponsor" => {
            let state = crate::votes::states::resolve(value).map_err(QueryError::UnknownState)?;
            Node::Keyword(KeywordField::Sponsor, crate::votes::states::key(state))
        }
        "agenda" => Node::Keyword(
            KeywordField::Agenda,
            crate::votes::catalogue::agenda_key(value),
        ),
        other => return Err(QueryError::UnknownField(other.to_string())),
    })
}
