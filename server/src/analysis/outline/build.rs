//! The shared step from `Facts` to `Outline`.
