//! One declaration per list of names. `named!` declares a fieldless enum whose variants each have one
//! stable name, and derives from that single list `ALL`, `as_str`, `parse`, `Display` and serde — so a
//! new variant is a compile error in every `match` that must handle it, and its spelling exists once.

/// Declares a fieldless enum with a stable name per variant.
///
/// ```
/// skyddsvalv::named! {
///     /// Colours.
///     pub enum Colour { Red = "red", Green = "green" }
/// }
/// assert_eq!(Colour::parse("green"), Some(Colour::Green));
/// assert_eq!(Colour::Red.as_str(), "red");
/// assert_eq!(Colour::ALL.len(), 2);
/// ```
#[macro_export]
macro_rules! named {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable name (in logs, JSON, the UI contract).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as $crate::__serde::Deserialize>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| {
                    $crate::__serde::de::Error::unknown_variant(&s, &[$($text),+])
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    named! {
        enum Sample { One = "one", TwoWords = "two_words" }
    }

    #[test]
    fn names_round_trip_through_serde_and_parse() {
        for v in Sample::ALL {
            assert_eq!(Sample::parse(v.as_str()), Some(*v));
            let json = serde_json::to_string(v).unwrap();
            assert_eq!(json, format!("\"{}\"", v.as_str()));
            assert_eq!(serde_json::from_str::<Sample>(&json).unwrap(), *v);
        }
        assert!(serde_json::from_str::<Sample>("\"three\"").is_err());
        assert_eq!(Sample::TwoWords.to_string(), "two_words");
    }
}
